// Symmetric int8 quantisation with one scale per vector: x ≈ code * scale,
// scale = max|x| / 127. Per-vector scales keep the relative error of every
// vector the same whatever its norm; symmetric codes make the dot product a
// plain integer dot product times two scales.

/** Quantises `v` into `out[offset .. offset+v.length)`; returns the scale (0 for a zero vector). */
export function quantizeInto(v: ArrayLike<number>, out: Int8Array, offset: number): number {
  const dim = v.length;
  let max = 0;
  for (let i = 0; i < dim; i++) {
    const a = Math.abs(v[i]);
    if (a > max) max = a;
  }
  if (max === 0) {
    out.fill(0, offset, offset + dim);
    return 0;
  }
  const inv = 127 / max;
  for (let i = 0; i < dim; i++) {
    // Math.round maps exactly ±max to ±127, so no clamping is needed.
    out[offset + i] = Math.round(v[i] * inv);
  }
  return max / 127;
}

export interface QuantizedVector {
  codes: Int8Array;
  scale: number;
}

export function quantize(v: ArrayLike<number>): QuantizedVector {
  const codes = new Int8Array(v.length);
  const scale = quantizeInto(v, codes, 0);
  return { codes, scale };
}

/** Reconstructs the float vector of row `offset/dim`. */
export function dequantizeInto(
  codes: Int8Array,
  offset: number,
  dim: number,
  scale: number,
  out: Float32Array = new Float32Array(dim),
): Float32Array {
  for (let i = 0; i < dim; i++) out[i] = codes[offset + i] * scale;
  return out;
}

/** L2-normalises in place (cosine similarity becomes a dot product); returns the old norm. */
export function normalizeInPlace(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const norm = Math.sqrt(s);
  if (norm > 0) {
    const inv = 1 / norm;
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return norm;
}
