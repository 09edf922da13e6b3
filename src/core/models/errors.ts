// Errors of model loading and mirroring. Registered so they cross worker
// boundaries by name.
import { ClaimLensError, registerError } from '../errors.ts';

/** A model could not be loaded on any device (files missing, runtime failure). */
export class ModelLoadError extends ClaimLensError {}
/** A model file could not be downloaded (HTTP error, network failure). */
export class ModelDownloadError extends ClaimLensError {}
/** A downloaded model file has the wrong size or sha256: it was not kept. */
export class ModelChecksumError extends ClaimLensError {}
/** The model catalog (catalog.json) does not have the expected shape. */
export class ModelCatalogError extends ClaimLensError {}

registerError(ModelLoadError);
registerError(ModelDownloadError);
registerError(ModelChecksumError);
registerError(ModelCatalogError);
