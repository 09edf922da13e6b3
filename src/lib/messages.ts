// Error names → what the user reads. Errors cross the worker by name, so this
// maps every named error to a title and keeps the error's own message (which
// says what to do, e.g. the size limit) as the detail.
export interface UiMessage {
  title: string;
  detail: string;
  /** 'error' for failures, 'warning' for things that half-worked. */
  tone: 'error' | 'warning' | 'info';
  /** The error class name, for tests and support. */
  name?: string;
}

const titles: Record<string, string> = {
  EmptyInputError: 'Nothing to check',
  InputTooLargeError: 'The answer is too long',
  BinaryFileError: 'Not a text file',
  MalformedFileError: 'The file could not be read',
  InvalidDataError: 'Data in an unexpected form',
  EmptyCorpusError: 'No evidence to check against',
  StorageQuotaError: 'Storage is full',
  NotFoundError: 'Not found',
  AbortedError: 'Cancelled',
  WorkerCrashedError: 'The checker stopped',
  // Embedding / NLI models and vectors (src/core/models/errors.ts, src/core/vector/errors.ts)
  ModelLoadError: 'The model could not be loaded',
  ModelChecksumError: 'A model file is damaged',
  ModelCatalogError: 'Unknown model',
  VectorDataCorruptError: 'Stored embeddings are damaged',
  // Chat engines (src/core/engine/errors.ts)
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
};

export function describeError(err: unknown): UiMessage {
  const name = err instanceof Error ? err.name : 'Error';
  const detail = err instanceof Error ? err.message : String(err);
  return {
    title: titles[name] ?? 'Something went wrong',
    detail,
    tone: name === 'AbortedError' ? 'info' : 'error',
    name,
  };
}
