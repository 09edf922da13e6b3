// Synthetic embeddings with neighbourhood structure, for benchmarks and
// tests. Uniform random vectors in 384 dimensions are all nearly orthogonal
// and have no neighbours worth finding, so no ANN index can work on them and
// no benchmark on them says anything. Real sentence embeddings cluster by
// topic; this models that as a mixture on the unit sphere:
//   topics → clusters (centre = topic + offset) → points (centre + noise),
// with cluster sizes drawn from a log-normal (a few big, many small), a
// per-cluster spread, and a few percent of outliers drawn uniformly.
// Every point is a pure function of (seed, index), so a million-point set can
// be streamed, and regenerated, without being held in memory as floats.
import { normalizeInPlace } from '../../src/core/vector/quantize.ts';
import { seededRandom } from '../../src/core/vector/random.ts';

export interface ClusteredSpec {
  n: number;
  dim: number;
  seed?: number;
  /** Default max(4, n/400). */
  clusters?: number;
  /** Default max(2, clusters/10). */
  topics?: number;
  /** Fraction of outliers (uniform directions). Default 0.03. */
  outliers?: number;
  /** Query noise relative to a point (norm of the perturbation). Default 0.6. */
  queryNoise?: number;
  /** Norm of a cluster centre's offset from its topic. Default 1.0 (clusters of a topic: cosine ~0.5). */
  topicOffset?: number;
  /** Range of the per-cluster point noise norm. Default [1.0, 1.6] (point–centre cosine 0.53–0.71). */
  spread?: [number, number];
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Fills `out` with independent standard normals (Box–Muller). */
function gaussian(rand: () => number, out: Float32Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
}

export class ClusteredData {
  readonly n: number;
  readonly dim: number;
  readonly clusterCount: number;
  private readonly seed: number;
  private readonly centres: Float32Array;
  private readonly spread: Float32Array;
  private readonly cumulative: Float64Array;
  private readonly outliers: number;
  private readonly queryNoise: number;
  private readonly noise: Float32Array;

  constructor(spec: ClusteredSpec) {
    this.n = spec.n;
    this.dim = spec.dim;
    this.seed = spec.seed ?? 7;
    this.outliers = spec.outliers ?? 0.03;
    this.queryNoise = spec.queryNoise ?? 0.6;
    const topicOffset = spec.topicOffset ?? 1.0;
    const [spreadMin, spreadMax] = spec.spread ?? [1.0, 1.6];
    const clusters = (this.clusterCount = spec.clusters ?? Math.max(4, Math.round(spec.n / 400)));
    const topics = spec.topics ?? Math.max(2, Math.round(clusters / 10));
    const rand = seededRandom(this.seed);
    const dim = this.dim;
    const g = new Float32Array(dim);
    const topicCentres = new Float32Array(topics * dim);
    for (let t = 0; t < topics; t++) {
      gaussian(rand, g);
      normalizeInPlace(g);
      topicCentres.set(g, t * dim);
    }
    this.centres = new Float32Array(clusters * dim);
    this.spread = new Float32Array(clusters);
    const weights = new Float64Array(clusters);
    for (let c = 0; c < clusters; c++) {
      const t = Math.floor(rand() * topics);
      gaussian(rand, g);
      const s = topicOffset / Math.sqrt(dim);
      const centre = this.centres.subarray(c * dim, c * dim + dim);
      for (let j = 0; j < dim; j++) centre[j] = topicCentres[t * dim + j] + s * g[j];
      normalizeInPlace(centre);
      this.spread[c] = spreadMin + (spreadMax - spreadMin) * rand();
      // Log-normal sizes (σ = 1): the biggest clusters are ~10× the median.
      gaussian(rand, g.subarray(0, 2));
      weights[c] = Math.exp(g[0]);
    }
    this.cumulative = new Float64Array(clusters);
    let acc = 0;
    for (let c = 0; c < clusters; c++) this.cumulative[c] = acc += weights[c];
    for (let c = 0; c < clusters; c++) this.cumulative[c] /= acc;
    this.noise = new Float32Array(dim);
  }

  /** Writes unit vector `i` into `out`. */
  point(i: number, out: Float32Array): Float32Array {
    const rand = seededRandom(mix(this.seed, i));
    const dim = this.dim;
    gaussian(rand, this.noise);
    if (rand() < this.outliers) {
      out.set(this.noise);
      normalizeInPlace(out);
      return out;
    }
    const u = rand();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    const s = this.spread[lo] / Math.sqrt(dim);
    const co = lo * dim;
    for (let j = 0; j < dim; j++) out[j] = this.centres[co + j] + s * this.noise[j];
    normalizeInPlace(out);
    return out;
  }

  /** Query `j`: a data point perturbed by noise of norm ~queryNoise, renormalised (never a copy). */
  query(j: number, out: Float32Array): { vector: Float32Array; source: number } {
    const rand = seededRandom(mix(this.seed ^ 0x51ed270b, j));
    const source = Math.floor(rand() * this.n);
    this.point(source, out);
    gaussian(rand, this.noise);
    const s = this.queryNoise / Math.sqrt(this.dim);
    for (let k = 0; k < this.dim; k++) out[k] += s * this.noise[k];
    normalizeInPlace(out);
    return { vector: out, source };
  }
}
