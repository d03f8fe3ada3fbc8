import { HlsMechanism, type HlsExchange, type MechanismName, type Role } from './mechanism';

/** The algorithm of a manufacturer-specific HLS (mechanism 2), supplied by the user. */
export interface ManufacturerHlsHook {
  /** f(challenge) computed by `by`. */
  respond(by: Role, ex: HlsExchange): Uint8Array;
  /** Optional own check; by default the response is recomputed and compared. Return false to reject. */
  verify?(by: Role, ex: HlsExchange, value: Uint8Array): boolean;
}

/** HLS mechanism 2: the Green Book leaves f() to the manufacturer, so it is a plug-in. */
export class ManufacturerHls extends HlsMechanism {
  readonly id = 2;
  readonly name: MechanismName = 'high';

  constructor(private readonly hook: ManufacturerHlsHook, challengeLength?: number) {
    super(challengeLength);
  }

  respond(by: Role, ex: HlsExchange): Buffer {
    return Buffer.from(this.hook.respond(by, ex));
  }

  override verify(by: Role, ex: HlsExchange, value: Uint8Array): void {
    if (this.hook.verify) {
      if (!this.hook.verify(by, ex, value)) throw this.failure(by);
      return;
    }
    super.verify(by, ex, value);
  }
}
