// Dot-product kernels over contiguous rows. Plain loops unrolled by 4 with
// independent accumulators: V8 keeps int8×int8 sums in int32 registers (the
// `| 0`), and the separate accumulators break the add dependency chain.
// The tail loop handles dimensions that are not a multiple of 4.

/** Σ q[j]·codes[off+j] over int8 codes with int32 accumulation (exact integer result). */
export function dotI8(q: Int8Array, codes: Int8Array, off: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = dim & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    s0 = (s0 + q[j] * codes[off + j]) | 0;
    s1 = (s1 + q[j + 1] * codes[off + j + 1]) | 0;
    s2 = (s2 + q[j + 2] * codes[off + j + 2]) | 0;
    s3 = (s3 + q[j + 3] * codes[off + j + 3]) | 0;
  }
  for (; j < dim; j++) s0 = (s0 + q[j] * codes[off + j]) | 0;
  return (s0 + s1 + s2 + s3) | 0;
}

/** Σ q[j]·codes[off+j] with a float query against int8 codes (multiply by the row scale after). */
export function dotF32I8(q: Float32Array, codes: Int8Array, off: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = dim & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    s0 += q[j] * codes[off + j];
    s1 += q[j + 1] * codes[off + j + 1];
    s2 += q[j + 2] * codes[off + j + 2];
    s3 += q[j + 3] * codes[off + j + 3];
  }
  for (; j < dim; j++) s0 += q[j] * codes[off + j];
  return s0 + s1 + s2 + s3;
}

/** Σ q[j]·values[off+j] over float rows. */
export function dotF32(q: Float32Array, values: Float32Array, off: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = dim & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    s0 += q[j] * values[off + j];
    s1 += q[j + 1] * values[off + j + 1];
    s2 += q[j + 2] * values[off + j + 2];
    s3 += q[j + 3] * values[off + j + 3];
  }
  for (; j < dim; j++) s0 += q[j] * values[off + j];
  return s0 + s1 + s2 + s3;
}

/** Like dotF32I8 with the float vector read from `a[aOff..]` (centroid tables). */
export function dotF32AtI8(a: Float32Array, aOff: number, codes: Int8Array, off: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = dim & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    s0 += a[aOff + j] * codes[off + j];
    s1 += a[aOff + j + 1] * codes[off + j + 1];
    s2 += a[aOff + j + 2] * codes[off + j + 2];
    s3 += a[aOff + j + 3] * codes[off + j + 3];
  }
  for (; j < dim; j++) s0 += a[aOff + j] * codes[off + j];
  return s0 + s1 + s2 + s3;
}
