// Errors of the vector store. Registered so they cross worker boundaries by name.
import { ClaimLensError, registerError } from '../errors.ts';

/** A vector's length does not match the store's dimension, or holds NaN/Infinity. */
export class VectorDimensionError extends ClaimLensError {}
/** Persisted vector records are inconsistent (missing block, wrong sizes). */
export class VectorDataCorruptError extends ClaimLensError {}

registerError(VectorDimensionError);
registerError(VectorDataCorruptError);
