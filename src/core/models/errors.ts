// Errors of model loading and mirroring. Registered so they cross worker
// boundaries by name.
import { ClaimLensError, registerError } from '../errors.ts';
// One class for "a model's files could not be downloaded", whether the model
// is an LLM (web-llm) or an embedding/NLI model (transformers.js): errors
// cross workers by name, so two classes of one name would be confused.
import { ModelDownloadError } from '../engine/errors.ts';

export { ModelDownloadError };

/** A model could not be loaded on any device (files missing, runtime failure). */
export class ModelLoadError extends ClaimLensError {}
/** A downloaded model file has the wrong size or sha256: it was not kept. */
export class ModelChecksumError extends ClaimLensError {}
/** The model catalog (catalog.json) does not have the expected shape. */
export class ModelCatalogError extends ClaimLensError {}

registerError(ModelLoadError);
registerError(ModelChecksumError);
registerError(ModelCatalogError);
