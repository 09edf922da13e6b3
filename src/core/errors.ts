// Every named error of ClaimLens, and the one registry of them. Errors cross
// worker boundaries as payloads (toErrorPayload / fromErrorPayload) that keep
// the class name and the error's own fields; the UI maps class names to titles
// (src/lib/messages.ts, typed by ErrorName so a class without a title does not
// compile). Every class is defined in this file and listed in ERROR_CLASSES,
// so whoever imports the registry can rebuild every error: there is no class
// that is known only where some other file happens to be imported.
//
// Fields: an error's own enumerable properties other than name, message,
// stack and cause (class fields such as RemoteServerError.status or
// InvalidCustomModelError.problems) are its fields. They must be
// structured-cloneable plain data (strings, numbers, booleans, null, arrays
// and plain objects of these); anything else is left out of the payload.

/** Base class: its `name` is the class name (the build keeps class names: vite.config.ts keepNames). */
export class ClaimLensError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const quotaMessage =
  'The browser has no room left to store this. Delete a corpus or old checks, or allow more storage for this site; nothing already stored was changed.';

// ---- Input, files, storage (core) ----

/** Input text is empty or has nothing checkable. */
export class EmptyInputError extends ClaimLensError {}
/** Input is larger than the checker accepts in one go. */
export class InputTooLargeError extends ClaimLensError {}
/**
 * A caller passed values that cannot work (lists of different lengths, no
 * verifier, a URL where a path belongs…); the message says which.
 */
export class InvalidInputError extends ClaimLensError {}
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
export class StorageQuotaError extends ClaimLensError {
  /** Bytes this site uses, when the browser said (navigator.storage.estimate()). */
  usage?: number;
  /** Bytes this site may use, when the browser said. */
  quota?: number;
  constructor(message = quotaMessage, options?: { cause?: unknown; usage?: number; quota?: number }) {
    super(message, options);
    if (options?.usage !== undefined) this.usage = options.usage;
    if (options?.quota !== undefined) this.quota = options.quota;
  }
}
/** Something the user asked for does not exist (corpus, check, model…). */
export class NotFoundError extends ClaimLensError {}
/** The operation was cancelled by the user. */
export class AbortedError extends ClaimLensError {}
/** Verifier weights or calibration that do not fit the code (retrain them). */
export class VerifierWeightsError extends ClaimLensError {}
/** A stored or shipped search index cannot be used (damaged, another format or corpus); it is rebuilt. */
export class IndexFileError extends ClaimLensError {}
/** The checker worker stopped (a bug, or the browser ran out of memory). */
export class WorkerCrashedError extends ClaimLensError {}

/** web-llm's worker handler no longer has the stream map that read-ahead replaces (src/app/llm-handler.ts). */
export class ReadAheadUnavailableError extends ClaimLensError {}

// ---- Chat engines (web-llm and model servers; src/core/engine) ----
// Each default message says what the user can do. web-llm's failures reach the
// UI as "Name: message" strings and become these through mapWebLLMError().

/** The browser has no WebGPU (or no usable GPU adapter). */
export class WebGPUNotAvailableError extends ClaimLensError {
  constructor(
    message = 'This browser has no usable WebGPU adapter, so local models cannot run here. Use a recent Chrome or Edge with WebGPU enabled, or connect to a model server (OpenAI-compatible URL) instead.',
  ) {
    super(message);
  }
}

/** A q4f16/q0f16 build was asked for but the GPU lacks shader-f16. */
export class ShaderF16SupportError extends ClaimLensError {
  constructor(
    message = 'This GPU does not support 16-bit shaders (shader-f16), which this model build needs. Pick the q4f32_1 build of the same model instead.',
  ) {
    super(message);
  }
}

/** The GPU device was lost (driver reset, or out of GPU memory). */
export class DeviceLostError extends ClaimLensError {
  constructor(
    message = 'The GPU stopped responding (device lost), most often because the model needs more GPU memory than is free. Close other GPU-heavy tabs, or pick a smaller model or its low-memory (1k context) variant, then load again.',
  ) {
    super(message);
  }
}

/** Allocation failed (GPU buffer or WebAssembly memory). */
export class OutOfMemoryError extends ClaimLensError {
  constructor(
    message = 'Not enough memory to load this model. Pick a smaller model or its low-memory (1k context) variant, or close other tabs and try again.',
  ) {
    super(message);
  }
}

/** The model id is unknown, or its files are not where the record says. */
export class ModelNotFoundError extends ClaimLensError {
  constructor(message = 'This model is not in the catalog and was not added as a custom model.') {
    super(message);
  }
}

/**
 * The network failed while a model's files were being downloaded, whether the
 * model is an LLM (web-llm) or an embedding/NLI model (transformers.js): one
 * class, since errors cross workers by name.
 */
export class ModelDownloadError extends ClaimLensError {
  /** The model's id, when known. */
  model?: string;
  /** The file whose download failed, when known. */
  file?: string;
  constructor(
    message = 'The model download failed (network error). Files already downloaded are kept; check the connection and load the model again to resume.',
    options?: { cause?: unknown; model?: string; file?: string },
  ) {
    super(message, options);
    if (options?.model !== undefined) this.model = options.model;
    if (options?.file !== undefined) this.file = options.file;
  }
}

/** Some of the model's files are in the cache, others are missing. */
export class IncompleteModelCacheError extends ClaimLensError {
  constructor(
    message = 'This model was only partly downloaded and the missing files cannot be fetched now. Go online and load it again to finish the download, or delete it and download it again.',
  ) {
    super(message);
  }
}

/** The prompt does not fit into the model's context window. */
export class ContextWindowExceededError extends ClaimLensError {
  constructor(
    message = 'The question and answer are longer than this model can read at once (context window). Shorten them, or use a model with a larger context.',
  ) {
    super(message);
  }
}

/** chat() was called before a model was loaded. */
export class EngineNotLoadedError extends ClaimLensError {
  constructor(message = 'No model is loaded. Load a model first.') {
    super(message);
  }
}

/** Any other failure inside the engine (message kept from the engine). */
export class EngineError extends ClaimLensError {}

/** A custom model record is incomplete or has a bad URL (message lists what). */
export class InvalidCustomModelError extends ClaimLensError {
  /** One line per problem, for showing next to the form fields. */
  problems: string[];
  constructor(message: string, problems: string[] = [message]) {
    super(message);
    this.problems = problems;
  }
}

/** The remote model server is down, refused, or answered something that is not a chat stream. */
export class RemoteServerError extends ClaimLensError {
  /** HTTP status when there was one. */
  status?: number;
  constructor(message: string, status?: number) {
    super(message);
    if (status !== undefined) this.status = status;
  }
}

/**
 * The stream broke off after some text had arrived (server crash, network
 * drop). `partial` holds the content received so far so the caller can keep it.
 */
export class StreamInterruptedError extends RemoteServerError {
  partial: string;
  partialReasoning: string;
  constructor(message: string, partial = '', partialReasoning = '') {
    super(message);
    this.partial = partial;
    this.partialReasoning = partialReasoning;
  }
}

/** Why a claim was not judged by the model (the offline verifier decides it instead). */
export class JudgeFailure extends ClaimLensError {
  constructor(
    readonly kind: 'malformed' | 'refusal' | 'timeout' | 'stream' | 'error' | 'skipped' | 'no-model',
    message: string,
  ) {
    super(message);
  }
}

// ---- Embedding / NLI models (src/core/models) and vectors (src/core/vector) ----

/** A model could not be loaded on any device (files missing, runtime failure). */
export class ModelLoadError extends ClaimLensError {
  /** The model's id, when known. */
  model?: string;
  /** The file that was missing or failed, when known. */
  file?: string;
  constructor(message: string, options?: { cause?: unknown; model?: string; file?: string }) {
    super(message, options);
    if (options?.model !== undefined) this.model = options.model;
    if (options?.file !== undefined) this.file = options.file;
  }
}
/** A downloaded model file has the wrong size or sha256: it was not kept. */
export class ModelChecksumError extends ClaimLensError {}
/** The model catalog (catalog.json) does not have the expected shape. */
export class ModelCatalogError extends ClaimLensError {}
/** A vector's length does not match the store's dimension, or holds NaN/Infinity. */
export class VectorDimensionError extends ClaimLensError {}
/** Persisted vector records are inconsistent (missing block, wrong sizes). */
export class VectorDataCorruptError extends ClaimLensError {}

// ---- Command line (src/cli) ----

/** The command line is wrong (unknown command, missing option); the CLI exits with 2. */
export class UsageError extends ClaimLensError {}
/** The model judge of the CLI cannot be set up (server, model, calibration file). */
export class JudgeSetupError extends ClaimLensError {}

/**
 * The registry: every named error, once. Keys are the class names (a unit test
 * checks each key against its class's name), so `ErrorName` is their union.
 */
export const ERROR_CLASSES = {
  ClaimLensError,
  EmptyInputError,
  InputTooLargeError,
  InvalidInputError,
  MalformedFileError,
  InvalidDataError,
  BinaryFileError,
  EmptyCorpusError,
  StorageQuotaError,
  NotFoundError,
  AbortedError,
  VerifierWeightsError,
  IndexFileError,
  WorkerCrashedError,
  ReadAheadUnavailableError,
  WebGPUNotAvailableError,
  ShaderF16SupportError,
  DeviceLostError,
  OutOfMemoryError,
  ModelNotFoundError,
  ModelDownloadError,
  IncompleteModelCacheError,
  ContextWindowExceededError,
  EngineNotLoadedError,
  EngineError,
  InvalidCustomModelError,
  RemoteServerError,
  StreamInterruptedError,
  JudgeFailure,
  ModelLoadError,
  ModelChecksumError,
  ModelCatalogError,
  VectorDimensionError,
  VectorDataCorruptError,
  UsageError,
  JudgeSetupError,
} as const satisfies Record<string, abstract new (...args: never[]) => ClaimLensError>;

/** The name of a registered error class. */
export type ErrorName = keyof typeof ERROR_CLASSES;

export const ERROR_NAMES = Object.keys(ERROR_CLASSES) as ErrorName[];

export function isErrorName(name: string): name is ErrorName {
  return Object.hasOwn(ERROR_CLASSES, name);
}

/** Plain data that structuredClone and JSON both keep as it is. */
export type ErrorField = string | number | boolean | null | ErrorField[] | { [key: string]: ErrorField };

export interface ErrorPayload {
  /** Class name; a name that is not registered comes back as a ClaimLensError with this name. */
  name: string;
  message: string;
  /** The error's own fields (see the top of this file); absent when it has none. */
  fields?: Record<string, ErrorField>;
  /** The cause, when it was an error too. */
  cause?: ErrorPayload;
}

const NOT_FIELDS = new Set(['name', 'message', 'stack', 'cause']);

function isField(v: unknown, depth = 0): v is ErrorField {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return true; // NaN and ±Infinity survive structuredClone
  if (depth > 8 || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.every((x) => isField(x, depth + 1));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v as object).every((x) => isField(x, depth + 1));
}

/** The error's fields: own enumerable properties that are plain data. */
export function errorFields(err: Error): Record<string, ErrorField> | undefined {
  let out: Record<string, ErrorField> | undefined;
  for (const [key, value] of Object.entries(err)) {
    if (NOT_FIELDS.has(key) || !isField(value)) continue;
    (out ??= {})[key] = value;
  }
  return out;
}

/** An error (or anything thrown) as structured-cloneable data that keeps its class name and fields. */
export function toErrorPayload(err: unknown, depth = 0): ErrorPayload {
  if (err instanceof Error) {
    if (!(err instanceof ClaimLensError)) {
      // IndexedDB / DOM quota errors have name QuotaExceededError.
      if (err.name === 'QuotaExceededError' || /QuotaExceeded/.test(err.message)) {
        return { name: 'StorageQuotaError', message: quotaMessage };
      }
      if (err.name === 'AbortError') return { name: 'AbortedError', message: 'Cancelled.' };
    }
    const payload: ErrorPayload = { name: err.name, message: err.message };
    const fields = errorFields(err);
    if (fields) payload.fields = fields;
    if (err.cause instanceof Error && depth < 4) payload.cause = toErrorPayload(err.cause, depth + 1);
    return payload;
  }
  return { name: 'ClaimLensError', message: String(err) };
}

/**
 * The error a payload describes: an instance of its registered class with its
 * fields (the class's constructor is not run, so no default replaces the
 * message), or a ClaimLensError that keeps the unknown name.
 */
export function fromErrorPayload(p: ErrorPayload): ClaimLensError {
  const cls: abstract new (...args: never[]) => ClaimLensError = isErrorName(p.name) ? ERROR_CLASSES[p.name] : ClaimLensError;
  const options = p.cause ? { cause: fromErrorPayload(p.cause) } : undefined;
  const err = Reflect.construct(ClaimLensError, [p.message, options], cls) as ClaimLensError;
  err.name = p.name;
  if (p.fields) {
    for (const [key, value] of Object.entries(p.fields)) {
      if (!NOT_FIELDS.has(key)) (err as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return err;
}
