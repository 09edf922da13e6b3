// Error names → what the user reads. Errors cross the worker by name, so this
// maps every named error to a title and keeps the error's own message (which
// says what to do, e.g. the size limit) as the detail.
import { StorageQuotaError, isErrorName, type ErrorName } from '../core/errors.ts';

export interface UiMessage {
  title: string;
  detail: string;
  /** 'error' for failures, 'warning' for things that half-worked. */
  tone: 'error' | 'warning' | 'info';
  /** The error class name, for tests and support. */
  name?: string;
}

/**
 * Title of every registered error class (src/core/errors.ts). Typed by
 * ErrorName: adding a class to the registry without a title here does not compile.
 */
export const ERROR_TITLES: Record<ErrorName, string> = {
  ClaimLensError: 'Something went wrong',
  EmptyInputError: 'Nothing to check',
  InputTooLargeError: 'The answer is too long',
  InvalidInputError: 'This cannot be done with these values',
  BinaryFileError: 'Not a text file',
  MalformedFileError: 'The file could not be read',
  InvalidDataError: 'Data in an unexpected form',
  EmptyCorpusError: 'No evidence to check against',
  StorageQuotaError: 'Storage is full',
  NotFoundError: 'Not found',
  AbortedError: 'Cancelled',
  VerifierWeightsError: 'The verifier does not fit this version',
  IndexFileError: 'The search index could not be read',
  WorkerCrashedError: 'The checker stopped',
  ReadAheadUnavailableError: 'The model worker needs an update',
  // Embedding / NLI models and vectors
  ModelLoadError: 'The model could not be loaded',
  ModelChecksumError: 'A model file is damaged',
  ModelCatalogError: 'Unknown model',
  VectorDimensionError: 'Embeddings of the wrong size',
  VectorDataCorruptError: 'Stored embeddings are damaged',
  // Chat engines
  WebGPUNotAvailableError: 'No WebGPU in this browser',
  ShaderF16SupportError: 'This GPU lacks 16-bit shaders',
  DeviceLostError: 'The GPU stopped (device lost)',
  OutOfMemoryError: 'Out of memory',
  ModelNotFoundError: 'Model not found',
  ModelDownloadError: 'The download failed',
  IncompleteModelCacheError: 'The download is incomplete',
  ContextWindowExceededError: 'Too long for this model',
  EngineNotLoadedError: 'No model loaded',
  EngineError: 'The model failed',
  InvalidCustomModelError: 'The custom model was not added',
  RemoteServerError: 'Model server problem',
  StreamInterruptedError: 'The answer was cut off',
  JudgeFailure: 'The model judge failed',
  // Command line (never shown in the app, titled for completeness)
  UsageError: 'Wrong command line',
  JudgeSetupError: 'The model judge is not set up',
};

const MB = 1024 * 1024;

export function describeError(err: unknown): UiMessage {
  const name = err instanceof Error ? err.name : 'Error';
  const detail = err instanceof Error ? err.message : String(err);
  return {
    title: isErrorName(name) ? ERROR_TITLES[name] : ERROR_TITLES.ClaimLensError,
    detail: detail + quotaNumbers(err),
    tone: name === 'AbortedError' ? 'info' : 'error',
    name,
  };
}

/** " (980 MB of 1000 MB used)" when the browser said how full its storage is. */
function quotaNumbers(err: unknown): string {
  if (!(err instanceof StorageQuotaError) || err.usage === undefined || err.quota === undefined) return '';
  return ` (${Math.round(err.usage / MB)} MB of ${Math.round(err.quota / MB)} MB used)`;
}
