import { DlmsError, InvalidArgumentError } from '../../errors';
import { sameBytes, type AuthenticationMechanism, type HlsExchange, type MechanismName, type Role } from './mechanism';

/** No authentication (mechanism 0). */
export class LowestLevelSecurity implements AuthenticationMechanism {
  readonly id = 0;
  readonly name: MechanismName = 'lowest';
  callingAuthenticationValue(): Buffer {
    return Buffer.alloc(0);
  }
  checkCallingAuthenticationValue(): void {}
  respondingAuthenticationValue(): null {
    return null;
  }
  respond(_by: Role, _ex: HlsExchange): Buffer {
    throw new InvalidArgumentError('lowest level security has no challenge to answer');
  }
  verify(_by: Role, _ex: HlsExchange, _value: Uint8Array): void {
    throw new InvalidArgumentError('lowest level security has no challenge to verify');
  }
}

/** LLS (mechanism 1): the AARQ carries the password; the server compares it. */
export class LowLevelSecurity implements AuthenticationMechanism {
  readonly id = 1;
  readonly name: MechanismName = 'low';
  private readonly password: Buffer;

  /** The password as text (ASCII, as meters store it) or bytes. */
  constructor(password: string | Uint8Array) {
    this.password = typeof password === 'string' ? Buffer.from(password, 'latin1') : Buffer.from(password);
    if (this.password.length === 0) throw new InvalidArgumentError('the LLS password is empty', { field: 'password' });
  }

  callingAuthenticationValue(): Buffer {
    return Buffer.from(this.password);
  }

  checkCallingAuthenticationValue(value: Uint8Array | undefined): void {
    if (!value || !sameBytes(value, this.password)) {
      throw new DlmsError('authentication-failed', 'LLS authentication failed: wrong password; check the password configured for this client address', { mechanism: this.name });
    }
  }

  respondingAuthenticationValue(): null {
    return null;
  }

  respond(_by: Role, _ex: HlsExchange): Buffer {
    throw new InvalidArgumentError('LLS has no challenge to answer (passes 3 and 4 are HLS only)');
  }

  verify(_by: Role, _ex: HlsExchange, _value: Uint8Array): void {
    throw new InvalidArgumentError('LLS has no challenge to verify (passes 3 and 4 are HLS only)');
  }

  /** Never let the password reach a log or JSON. */
  toJSON(): Record<string, unknown> {
    return { mechanism: this.name, password: '[redacted]' };
  }
}
