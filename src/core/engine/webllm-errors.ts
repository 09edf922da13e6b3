// Maps web-llm failures to our named errors. web-llm throws Error subclasses
// whose `name` is the class name; through its WebWorkerMLCEngine they arrive
// as strings "DeviceLostError: The WebGPU device was lost…" (err.toString()),
// and fetch/cache failures arrive as plain Error/TypeError text. So we map by
// the error name at the start, then by what the message says.
import {
  AbortedError,
  ClaimLensError,
  ContextWindowExceededError,
  DeviceLostError,
  EngineError,
  EngineNotLoadedError,
  IncompleteModelCacheError,
  ModelDownloadError,
  ModelNotFoundError,
  OutOfMemoryError,
  quotaMessage,
  ShaderF16SupportError,
  StorageQuotaError,
  WebGPUNotAvailableError,
} from '../errors.ts';

export interface ParsedEngineError {
  /** Error class name, e.g. "DeviceLostError" ("Error" when none was given). */
  name: string;
  message: string;
}

const NAMED = /^\s*(?:Uncaught\s+)?(?:Error:\s*)?([A-Z][A-Za-z0-9_]*(?:Error|Exception))\s*:\s*([\s\S]*)$/;

/** Splits "NameError: message" strings and Error objects into name + message. */
export function parseEngineError(err: unknown): ParsedEngineError {
  if (typeof err === 'string') {
    const m = NAMED.exec(err);
    if (m) return { name: m[1], message: m[2].trim() };
    return { name: 'Error', message: err.trim() };
  }
  if (err instanceof Error) {
    // `new Error("DeviceLostError: …")` (a rethrown string) still carries the name inside.
    if (err.name === 'Error') {
      const m = NAMED.exec(err.message);
      if (m) return { name: m[1], message: m[2].trim() };
    }
    return { name: err.name, message: err.message };
  }
  if (err && typeof err === 'object' && 'message' in err) {
    const o = err as { name?: unknown; message?: unknown };
    return { name: typeof o.name === 'string' ? o.name : 'Error', message: String(o.message) };
  }
  return { name: 'Error', message: String(err) };
}

type Make = (message: string) => Error;

// By web-llm class name (web-llm/src/error.ts) → our class. Data, not code paths.
const BY_NAME: Record<string, Make> = {
  WebGPUNotAvailableError: () => new WebGPUNotAvailableError(),
  WebGPUNotFoundError: () => new WebGPUNotAvailableError(),
  ShaderF16SupportError: () => new ShaderF16SupportError(),
  DeviceLostError: () => new DeviceLostError(),
  ModelNotFoundError: (m) => new ModelNotFoundError(modelNotFound(m)),
  SpecifiedModelNotFoundError: (m) => new ModelNotFoundError(modelNotFound(m)),
  UnsupportedModelIdError: (m) => new ModelNotFoundError(modelNotFound(m)),
  MissingModelWasmError: (m) =>
    new ModelNotFoundError(`This model record has no compiled model library (model_lib). ${m}`),
  ContextWindowSizeExceededError: (m) =>
    new ContextWindowExceededError(
      `The question and answer are longer than this model can read at once (${m}). Shorten them, or use a model with a larger context.`,
    ),
  ModelNotLoadedError: () => new EngineNotLoadedError(),
  WorkerEngineModelNotLoadedError: () => new EngineNotLoadedError(),
  EngineNotLoadedError: () => new EngineNotLoadedError(),
  IntegrityError: () =>
    new ModelDownloadError(
      'A downloaded model file failed its integrity check (corrupted or changed on the server). Delete the model and download it again.',
    ),
  AbortError: () => new AbortedError('Cancelled.'),
  QuotaExceededError: () => new StorageQuotaError(quotaMessage),
  GPUOutOfMemoryError: () => new OutOfMemoryError(),
};

const OOM = /out of memory|\bOOM\b|allocation failed|failed to allocate|could not allocate|cannot allocate|Array buffer allocation|WebAssembly\.Memory\(\): could not|exceeds? (?:the )?max(?:imum)? (?:buffer|memory)/i;
const NETWORK = /failed to fetch|networkerror|network error|fetch failed|load failed|err_internet_disconnected|err_network|net::err|failed to store .+ with error|unable to fetch|cannot fetch|request failed|network response was not ok|ECONNRESET|ECONNREFUSED/i;
const NOT_FOUND_STATUS = /\b(?:status(?: code)?:?\s*)404\b|\b404\b.*not found/i;
const LIMITS = /cannot initialize runtime because of requested max|unable to find a compatible gpu/i;

function modelNotFound(detail: string): string {
  return `This model is not in the catalog and was not added as a custom model (${detail}). Choose a model from the list or add it under custom models.`;
}

/**
 * Our named error for a web-llm failure (Error object or the string a
 * WebWorkerMLCEngine rejects with). Errors that are already ours pass through.
 */
export function mapWebLLMError(err: unknown): Error {
  if (err instanceof ClaimLensError) return err;
  const { name, message } = parseEngineError(err);
  const byName = BY_NAME[name];
  if (byName) return byName(message);
  if (name === 'FeatureSupportError' && /shader-f16/.test(message)) return new ShaderF16SupportError();
  if (/device (?:was )?lost/i.test(message)) return new DeviceLostError();
  if (/QuotaExceeded/i.test(name + message)) return new StorageQuotaError(quotaMessage);
  if (/Reload\(\) is aborted|Engine\.unload\(\) is called|The (?:operation|user) (?:was )?abort/i.test(message)) {
    return new AbortedError('Cancelled.');
  }
  if (OOM.test(message) || (name === 'RangeError' && /allocation|memory/i.test(message))) return new OutOfMemoryError();
  if (LIMITS.test(message)) {
    return new WebGPUNotAvailableError(
      `This GPU's WebGPU limits are too small for local models (${message}). Connect to a model server instead.`,
    );
  }
  if (NETWORK.test(message)) {
    if (NOT_FOUND_STATUS.test(message)) {
      return new ModelNotFoundError(
        `The model's files were not found at its URL (HTTP 404). Check the model URL and model library URL. (${message})`,
      );
    }
    return new ModelDownloadError();
  }
  return new EngineError(name !== 'Error' ? `${name}: ${message}` : message);
}

/**
 * A download failure with part of the model already cached is an incomplete
 * cache: the UI offers to resume online or delete and re-download.
 */
export function downloadFailureWithCache(err: Error, cachedFiles: number, missingFiles: number): Error {
  if (err instanceof ModelDownloadError && cachedFiles > 0 && missingFiles > 0) {
    return new IncompleteModelCacheError(
      `This model was only partly downloaded (${missingFiles} file(s) missing) and the rest cannot be fetched now. Go online and load it again to finish the download, or delete it and download it again.`,
    );
  }
  return err;
}
