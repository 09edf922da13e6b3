// Named errors of the chat engines. Each default message says what the user
// can do. web-llm's failures reach the UI as "Name: message" strings and
// become these through mapWebLLMError(); they are also registered below so
// they keep their class when they cross one of our own worker protocols.
import { ClaimLensError, registerError } from '../errors.ts';

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

/** The network failed while the model's files were being downloaded. */
export class ModelDownloadError extends ClaimLensError {
  constructor(
    message = 'The model download failed (network error). Files already downloaded are kept; check the connection and load the model again to resume.',
    options?: { cause?: unknown },
  ) {
    super(message, options);
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

for (const cls of [
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
]) {
  registerError(cls as new (message: string) => ClaimLensError);
}
