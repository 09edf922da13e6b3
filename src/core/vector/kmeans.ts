// Spherical k-means (cosine similarity, unit centroids) for the IVF coarse
// quantizer. Vectors are rows of one Float32Array.
import { dotF32 } from './kernels.ts';
import { normalizeInPlace } from './quantize.ts';
import { sampleIndices } from './random.ts';

export interface KMeansOptions {
  iterations: number;
  rand: () => number;
}

/** Index of the centroid with the highest dot product with row `off` of `data`. */
export function nearestCentroid(
  centroids: Float32Array,
  k: number,
  dim: number,
  data: Float32Array,
  off: number,
): number {
  let best = 0;
  let bestScore = -Infinity;
  // dotF32 reads its first argument from index 0, so pass the data row as a view.
  const row = data.subarray(off, off + dim);
  for (let c = 0; c < k; c++) {
    const s = dotF32(row, centroids, c * dim, dim);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/**
 * Trains k unit centroids on n rows. Empty clusters are re-seeded from a row
 * of the largest cluster, so every centroid ends up owning data.
 */
export function sphericalKMeans(
  data: Float32Array,
  n: number,
  dim: number,
  k: number,
  options: KMeansOptions,
): { centroids: Float32Array; assignment: Int32Array } {
  k = Math.max(1, Math.min(k, n));
  const centroids = new Float32Array(k * dim);
  const init = sampleIndices(n, k, options.rand);
  for (let c = 0; c < k; c++) centroids.set(data.subarray(init[c] * dim, init[c] * dim + dim), c * dim);
  const assignment = new Int32Array(n);
  const counts = new Int32Array(k);
  const sums = new Float64Array(k * dim);
  for (let it = 0; it < options.iterations; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const a = nearestCentroid(centroids, k, dim, data, i * dim);
      if (a !== assignment[i] || it === 0) changed++;
      assignment[i] = a;
    }
    counts.fill(0);
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const a = assignment[i];
      counts[a]++;
      const off = i * dim;
      const so = a * dim;
      for (let j = 0; j < dim; j++) sums[so + j] += data[off + j];
    }
    for (let c = 0; c < k; c++) {
      const co = c * dim;
      if (counts[c] === 0) {
        // Re-seed from the largest cluster: split it.
        let big = 0;
        for (let b = 1; b < k; b++) if (counts[b] > counts[big]) big = b;
        let pick = -1;
        for (let i = 0, seen = 0; i < n; i++) {
          if (assignment[i] === big && options.rand() < 1 / ++seen) pick = i;
        }
        if (pick >= 0) {
          centroids.set(data.subarray(pick * dim, pick * dim + dim), co);
          assignment[pick] = c;
          counts[big]--;
          counts[c] = 1;
        }
        continue;
      }
      for (let j = 0; j < dim; j++) centroids[co + j] = sums[co + j];
      normalizeInPlace(centroids.subarray(co, co + dim));
    }
    if (it > 0 && changed < n * 0.001) break;
  }
  return { centroids, assignment };
}
