// Named errors. They cross worker boundaries by name (see toErrorPayload /
// fromErrorPayload), and the UI maps names to messages that say what to do.

export class ClaimLensError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input text is empty or has nothing checkable. */
export class EmptyInputError extends ClaimLensError {}
/** Input is larger than the checker accepts in one go. */
export class InputTooLargeError extends ClaimLensError {}
/** A file could not be read as any supported evidence format. */
export class MalformedFileError extends ClaimLensError {}
/**
 * Data from outside (a stored setting, a server's list, a line of an input
 * file) that does not have the expected shape; the message says where and
 * what (JSON paths). See src/core/validate.ts.
 */
export class InvalidDataError extends MalformedFileError {}
/** A file looks binary (NUL bytes, invalid UTF-8). */
export class BinaryFileError extends ClaimLensError {}
/** No corpus, or only empty corpora, to check against. */
export class EmptyCorpusError extends ClaimLensError {}
/** The browser refused to store more (IndexedDB QuotaExceededError). */
export class StorageQuotaError extends ClaimLensError {}
/** Something the user asked for does not exist (corpus, check, model…). */
export class NotFoundError extends ClaimLensError {}
/** The operation was cancelled by the user. */
export class AbortedError extends ClaimLensError {}
/** Verifier weights or calibration that do not fit the code (retrain them). */
export class VerifierWeightsError extends ClaimLensError {}

const registry: Record<string, new (message: string) => ClaimLensError> = {
  ClaimLensError,
  EmptyInputError,
  InputTooLargeError,
  MalformedFileError,
  InvalidDataError,
  BinaryFileError,
  EmptyCorpusError,
  StorageQuotaError,
  NotFoundError,
  AbortedError,
  VerifierWeightsError,
};

/** Lets other modules (engine errors, model errors) register their classes. */
export function registerError(cls: new (message: string) => ClaimLensError): void {
  registry[cls.name] = cls;
}

export interface ErrorPayload {
  name: string;
  message: string;
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof Error) {
    // IndexedDB / DOM quota errors have name QuotaExceededError.
    if (err.name === 'QuotaExceededError' || /QuotaExceeded/.test(err.message)) {
      return { name: 'StorageQuotaError', message: quotaMessage };
    }
    if (err.name === 'AbortError') return { name: 'AbortedError', message: 'Cancelled.' };
    return { name: err.name, message: err.message };
  }
  return { name: 'ClaimLensError', message: String(err) };
}

export function fromErrorPayload(p: ErrorPayload): Error {
  const cls = registry[p.name];
  if (cls) return new cls(p.message);
  const e = new Error(p.message);
  e.name = p.name;
  return e;
}

export const quotaMessage =
  'The browser has no room left to store this. Delete a corpus or old checks, or allow more storage for this site; nothing already stored was changed.';
