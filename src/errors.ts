/**
 * One error type for the whole library. Every failure a user can meet carries a stable
 * kebab-case `code` (see CONTRACTS.md) and a message that says what to check. `context` holds
 * the meter, the attribute, the offset... whatever helps; never a secret.
 */
export type ErrorContext = Record<string, unknown>;

export class DlmsError extends Error {
  readonly code: string;
  readonly context: ErrorContext;

  constructor(code: string, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DlmsError';
    this.code = code;
    this.context = context;
  }

  /** A JSON form for Node-RED messages and the CLI: code, message, context (no stack). */
  toJSON(): { code: string; message: string; context: ErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }
}

/** Bytes that do not follow the encoding rules: a truncated input, an unknown tag, a hostile length. */
export class DecodeError extends DlmsError {
  readonly offset: number;
  constructor(message: string, offset: number, context: ErrorContext = {}, code = 'malformed-data') {
    super(code, `${message} (at offset ${offset})`, { ...context, offset });
    this.name = 'DecodeError';
    this.offset = offset;
  }
}

/** A value that cannot be encoded as asked (out of range, wrong JSON shape for the target type). */
export class EncodeError extends DlmsError {
  constructor(message: string, context: ErrorContext = {}, code = 'invalid-value') {
    super(code, message, context);
    this.name = 'EncodeError';
  }
}

/** A malformed user input that is not bytes: an OBIS text, a URL, a key of the wrong length. */
export class InvalidArgumentError extends DlmsError {
  constructor(message: string, context: ErrorContext = {}, code = 'invalid-argument') {
    super(code, message, context);
    this.name = 'InvalidArgumentError';
  }
}

export function isDlmsError(e: unknown): e is DlmsError {
  return e instanceof DlmsError;
}
