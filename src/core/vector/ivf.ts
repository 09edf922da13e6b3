// IVF (inverted file) index: a k-means coarse quantizer splits the store into
// `nlist` lists; a search scores the query against the centroids, scans the
// rows of the `nprobe` nearest lists only, and optionally re-scores the best
// `rerank` candidates more exactly. The rows stay in the VectorStore (no copy):
// at build time the store is reordered so each list is contiguous in memory.
//
// Large nlist is trained two-level (√nlist top groups, then k-means inside each
// group) so training and assignment cost O(n·√nlist) dot products instead of
// O(n·nlist); a row is assigned among the centroids of its best few groups.
import { EmptyCorpusError, VectorDataCorruptError, VectorDimensionError } from '../errors.ts';
import { dotF32, dotF32AtI8 } from './kernels.ts';
import { sphericalKMeans } from './kmeans.ts';
import { seededRandom, sampleIndices } from './random.ts';
import { normalizeInPlace } from './quantize.ts';
import { prepareQuery, rerank, scanRows, toHits } from './scan.ts';
import type { StoreObserver, VectorStore } from './store.ts';
import { TopK } from './topk.ts';
import type { Scoring, VectorHit, VectorIndex } from './types.ts';

export interface IvfBuildOptions {
  /** Number of lists; default √n up to 250k rows, growing to 4√n at 1M (see defaultNlist). */
  nlist?: number;
  /** Lists scanned per query; default max(8, nlist/64). `calibrate` can tune it. */
  nprobe?: number;
  scoring?: Scoring;
  /** Candidates re-scored with f32xi8 after an int8 scan (0: none). */
  rerank?: number;
  /** Rows sampled to train the quantizer; default min(n, 32·nlist, max(64k, 8·nlist)). */
  sampleSize?: number;
  iterations?: number;
  seed?: number;
  /** Above this nlist the quantizer is trained two-level. Default 256. */
  flatTrainMax?: number;
  /** Two-level: groups searched when assigning a row. Default 2. */
  assignGroups?: number;
  /** Two-level: lists per top group (default √nlist); smaller groups are more coherent, so assignment errs less. */
  listsPerGroup?: number;
  /** After assignment, move each centroid to the mean of its rows (one cheap Lloyd step on all data). Default true. */
  refine?: boolean;
  /**
   * Spill rows near a list boundary into their second-nearest list too:
   * a row goes to both when score₂ ≥ spill·score₁ (default 0.95; 0: never).
   * Measured at 200k rows / 1800 lists: recall@10 0.905 instead of 0.847 at
   * nprobe 4, and 0.95 reached at nprobe 16 instead of 32.
   * Lists hold row numbers, not vectors, so a spilled row costs 8 bytes,
   * not another copy of its codes; searches skip rows seen twice.
   */
  spill?: number;
  /** Reorder the store so each list's rows are contiguous. Default true. */
  contiguous?: boolean;
  /** Called with a fraction in [0, 1] and a phase name while building. */
  onProgress?: (fraction: number, phase: string) => void;
}

/** Everything of the index except the per-row list numbers (stored with the vector blocks). */
export interface IvfIndexRecord {
  kind: 'ivf';
  dim: number;
  nlist: number;
  centroids: Float32Array;
  /** Two-level quantizer: top-group centroids and each list's group. */
  groups?: { centroids: Float32Array; groupOfList: Int32Array };
  nprobe: number;
  rerank: number;
  scoring: Scoring;
  assignGroups: number;
  /** Spill ratio (see IvfBuildOptions.spill); absent or 0: one list per row. */
  spill?: number;
}

/** Entries per row in persisted list numbers: 2 with spilling (−1 where a row has no second list), else 1. */
export function ivfSlots(record: Pick<IvfIndexRecord, 'spill'>): 1 | 2 {
  return record.spill ? 2 : 1;
}

const EMPTY = new Int32Array(0);

/**
 * √n lists up to 250k rows, then more per √n, reaching 4√n at 1M (the low
 * end of the usual 4√n–16√n for large IVF). With too few lists at 1M each
 * list mixes several natural clusters, its centroid matches none of them
 * well, and recall stalls (measured: nlist 1000 at 1M needed nprobe 128 for
 * recall 0.95).
 */
export function defaultNlist(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n) * Math.min(4, Math.max(1, n / 250_000))));
}

export class IvfIndex implements VectorIndex, StoreObserver {
  readonly kind = 'ivf' as const;
  readonly store: VectorStore;
  readonly nlist: number;
  readonly centroids: Float32Array;
  nprobe: number;
  rerank: number;
  scoring: Scoring;

  private readonly quantizer: CoarseQuantizer;
  /** Entries per row (1, or 2 with spilling). List entries are row·slots + slot. */
  private readonly slots: 1 | 2;
  private readonly spill: number;
  private lists: Int32Array[];
  private counts: Int32Array;
  /** Entry → list, entry → position inside its list (−1: none). */
  private listOf: Int32Array;
  private posOf: Int32Array;
  private readonly detach: () => void;
  /** Dedup of spilled rows during a search: seen[row] === stamp. */
  private seen = new Uint32Array(0);
  private stamp = 0;
  private buffer = new Int32Array(0);

  private constructor(store: VectorStore, record: IvfIndexRecord, listOfRows: Int32Array) {
    if (record.dim !== store.dim) {
      throw new VectorDimensionError(`IVF index has ${record.dim} dimensions; the store holds ${store.dim}.`);
    }
    if (record.centroids.length !== record.nlist * record.dim) {
      throw new VectorDataCorruptError('IVF centroids do not match nlist × dim.');
    }
    this.store = store;
    this.nlist = record.nlist;
    this.centroids = record.centroids;
    this.nprobe = record.nprobe;
    this.rerank = record.rerank;
    this.scoring = record.scoring;
    this.quantizer = new CoarseQuantizer(record);
    this.slots = ivfSlots(record);
    this.spill = record.spill ?? 0;
    // Rebuild list contents from the per-row list numbers.
    const S = this.slots;
    const entries = store.size * S;
    if (listOfRows.length !== entries) throw new VectorDataCorruptError('IVF list numbers do not cover every row.');
    this.counts = new Int32Array(this.nlist);
    for (let m = 0; m < entries; m++) {
      const l = listOfRows[m];
      // Only a second slot may be empty.
      if (l === -1 && m % S === 1) continue;
      if (l < 0 || l >= this.nlist) {
        throw new VectorDataCorruptError(`Row ${Math.floor(m / S)} has list ${l}, outside 0..${this.nlist - 1}.`);
      }
      this.counts[l]++;
    }
    this.lists = Array.from(this.counts, (c) => (c ? new Int32Array(c) : EMPTY));
    const cap = Math.max(16, store.size) * S;
    this.listOf = new Int32Array(cap).fill(-1);
    this.posOf = new Int32Array(cap).fill(-1);
    const fill = new Int32Array(this.nlist);
    for (let m = 0; m < entries; m++) {
      const l = listOfRows[m];
      if (l < 0) continue;
      const p = fill[l]++;
      this.lists[l][p] = m;
      this.listOf[m] = l;
      this.posOf[m] = p;
    }
    this.detach = store.observe(this);
  }

  /** Trains the quantizer on a sample of the store and assigns every row. */
  static build(store: VectorStore, options: IvfBuildOptions = {}): IvfIndex {
    const n = store.size;
    if (n === 0) throw new EmptyCorpusError('No embeddings to build a vector index from: embed the corpus first.');
    const dim = store.dim;
    const rand = seededRandom(options.seed ?? 1);
    const nlist = Math.max(1, Math.min(n, options.nlist ?? defaultNlist(n)));
    const progress = options.onProgress ?? (() => {});
    // 32 rows per list, but no more than 64k rows in all: the refinement
    // step below moves centroids to the mean of all their rows anyway.
    const sampleSize = Math.min(n, options.sampleSize ?? Math.min(32 * nlist, Math.max(65_536, 8 * nlist)));
    const iterations = options.iterations ?? 8;
    const assignGroups = options.assignGroups ?? 2;

    // Training sample as floats.
    progress(0, 'sample');
    const sampleRows = sampleIndices(n, sampleSize, rand);
    const sample = new Float32Array(sampleSize * dim);
    const row = new Float32Array(dim);
    for (let i = 0; i < sampleSize; i++) sample.set(store.vectorAt(sampleRows[i], row), i * dim);

    progress(0.05, 'train');
    let centroids: Float32Array;
    let groups: IvfIndexRecord['groups'];
    if (nlist <= (options.flatTrainMax ?? 256)) {
      centroids = sphericalKMeans(sample, sampleSize, dim, nlist, { iterations, rand }).centroids;
    } else {
      const g = Math.max(2, Math.round(nlist / (options.listsPerGroup ?? Math.sqrt(nlist))));
      const top = sphericalKMeans(sample, sampleSize, dim, g, { iterations, rand });
      const gCount = top.centroids.length / dim;
      const members: number[][] = Array.from({ length: gCount }, () => []);
      top.assignment.forEach((a, i) => members[a].push(i));
      // Lists per group in proportion to the group's share of the sample.
      const quota = members.map((m) => Math.max(1, Math.round((nlist * m.length) / sampleSize)));
      const parts: Float32Array[] = [];
      const groupOf: number[] = [];
      for (let grp = 0; grp < gCount; grp++) {
        const m = members[grp];
        if (m.length === 0) continue;
        const sub = new Float32Array(m.length * dim);
        m.forEach((i, j) => sub.set(sample.subarray(i * dim, i * dim + dim), j * dim));
        const kq = Math.min(quota[grp], m.length);
        const c = sphericalKMeans(sub, m.length, dim, kq, { iterations, rand }).centroids;
        parts.push(c);
        for (let j = 0; j < c.length / dim; j++) groupOf.push(grp);
        progress(0.05 + (0.35 * (grp + 1)) / gCount, 'train');
      }
      centroids = new Float32Array(groupOf.length * dim);
      let off = 0;
      for (const p of parts) {
        centroids.set(p, off);
        off += p.length;
      }
      groups = { centroids: top.centroids, groupOfList: Int32Array.from(groupOf) };
    }
    const realNlist = centroids.length / dim;
    const record: IvfIndexRecord = {
      kind: 'ivf',
      dim,
      nlist: realNlist,
      centroids,
      groups,
      nprobe: Math.min(realNlist, options.nprobe ?? Math.max(8, Math.round(realNlist / 64))),
      rerank: options.rerank ?? 0,
      scoring: options.scoring ?? 'f32xi8',
      assignGroups,
      spill: options.spill ?? 0.95,
    };

    // Assign every row. A throwaway index with no rows gives us `assign`.
    const S = ivfSlots(record);
    const listOfRows = new Int32Array(n * S).fill(-1);
    const quantizer = new CoarseQuantizer(record);
    const two = new Int32Array(2);
    for (let r = 0; r < n; r++) {
      quantizer.assign(store, r, record.spill ?? 0, two);
      listOfRows[r * S] = two[0];
      if (S === 2) listOfRows[r * S + 1] = two[1];
      if ((r & 0xffff) === 0) progress(0.4 + (0.55 * r) / n, 'assign');
    }
    if (options.refine ?? true) {
      // Centroids become the mean direction of the rows actually assigned
      // (assignment is approximate when two-level), so probing ranks lists by
      // what they hold. Lists left empty keep their trained centroid.
      const sums = new Float64Array(realNlist * dim);
      const counts = new Int32Array(realNlist);
      const v = new Float32Array(dim);
      for (let r = 0; r < n; r++) {
        const l = listOfRows[r * S];
        counts[l]++;
        store.vectorAt(r, v);
        const o = l * dim;
        for (let j = 0; j < dim; j++) sums[o + j] += v[j];
      }
      for (let l = 0; l < realNlist; l++) {
        if (counts[l] === 0) continue;
        const c = centroids.subarray(l * dim, l * dim + dim);
        for (let j = 0; j < dim; j++) c[j] = sums[l * dim + j];
        normalizeInPlace(c);
      }
    }
    if (options.contiguous ?? true) {
      // Counting sort of rows by list, then reorder the store to match.
      const start = new Int32Array(realNlist + 1);
      // (By the first list: a spilled row's second entry stays scattered.)
      for (let r = 0; r < n; r++) start[listOfRows[r * S] + 1]++;
      for (let l = 0; l < realNlist; l++) start[l + 1] += start[l];
      const order = new Int32Array(n);
      const fill = start.slice(0, realNlist);
      for (let r = 0; r < n; r++) order[fill[listOfRows[r * S]]++] = r;
      store.permute(order);
      const sorted = new Int32Array(n * S);
      for (let i = 0; i < n; i++) for (let s2 = 0; s2 < S; s2++) sorted[i * S + s2] = listOfRows[order[i] * S + s2];
      listOfRows.set(sorted);
    }
    progress(1, 'done');
    store.markAllDirty();
    return new IvfIndex(store, record, listOfRows);
  }

  /** Re-attaches a persisted index to its (already loaded) store. */
  static restore(store: VectorStore, record: IvfIndexRecord, listOfRows: Int32Array): IvfIndex {
    return new IvfIndex(store, record, listOfRows);
  }

  toRecord(): IvfIndexRecord {
    return {
      kind: 'ivf',
      dim: this.store.dim,
      nlist: this.nlist,
      centroids: this.centroids,
      groups: this.quantizer.groups && {
        centroids: this.quantizer.groups.centroids,
        groupOfList: this.quantizer.groups.groupOfList,
      },
      nprobe: this.nprobe,
      rerank: this.rerank,
      scoring: this.scoring,
      assignGroups: this.quantizer.assignGroups,
      spill: this.spill,
    };
  }

  /** List numbers of rows [start, end) (`ivfSlots` entries per row), for persisting next to the vector blocks. */
  listNumbers(start: number, end: number): Int32Array {
    return this.listOf.slice(start * this.slots, end * this.slots);
  }

  /** Stops following the store (call before dropping the index while keeping the store). */
  dispose(): void {
    this.detach();
  }

  get indexBytes(): number {
    let listBytes = 0;
    for (const l of this.lists) listBytes += l.byteLength;
    const g = this.quantizer.groups;
    const groupBytes = g ? g.centroids.byteLength + g.groupOfList.byteLength * 2 : 0;
    return this.centroids.byteLength + listBytes + this.listOf.byteLength + this.posOf.byteLength + groupBytes;
  }

  /** Sizes of the lists (for diagnostics: balance drives latency). */
  listSizes(): Int32Array {
    return this.counts.slice();
  }

  search(query: Float32Array, k: number, nprobe = this.nprobe): VectorHit[] {
    const store = this.store;
    const q = prepareQuery(store, query);
    const dim = store.dim;
    const probe = new TopK(Math.min(nprobe, this.nlist));
    for (let l = 0; l < this.nlist; l++) probe.push(l, dotF32(query, this.centroids, l * dim, dim));
    const depth = this.scoring === 'int8' && store.precision === 'int8' ? Math.max(k, this.rerank) : k;
    const heap = new TopK(depth);
    const { items } = probe.sorted();
    if (this.slots === 1) {
      for (let i = 0; i < items.length; i++) {
        const l = items[i];
        scanRows(store, q, this.scoring, this.lists[l], 0, this.counts[l], heap);
      }
    } else {
      // Spilled rows sit in two lists: scan each row once.
      if (this.seen.length < store.size) this.seen = new Uint32Array(Math.ceil(store.size * 1.25));
      if (++this.stamp === 0xffffffff) {
        this.seen.fill(0);
        this.stamp = 1;
      }
      const seen = this.seen;
      const stamp = this.stamp;
      for (let i = 0; i < items.length; i++) {
        const l = items[i];
        const list = this.lists[l];
        const c = this.counts[l];
        if (this.buffer.length < c) this.buffer = new Int32Array(Math.ceil(c * 1.5));
        const buf = this.buffer;
        let w = 0;
        for (let j = 0; j < c; j++) {
          const row = list[j] >> 1;
          if (seen[row] !== stamp) {
            seen[row] = stamp;
            buf[w++] = row;
          }
        }
        scanRows(store, q, this.scoring, buf, 0, w, heap);
      }
    }
    if (depth > k) return toHits(store, rerank(store, q, heap.sorted().items, k));
    return toHits(store, heap);
  }

  /**
   * Sets `nprobe` to the smallest value whose recall@k against the exact
   * (flat) scan reaches `target`, measured with stored rows, slightly
   * perturbed, as queries. Real embeddings differ in how clustered they
   * are, so the right nprobe is measured rather than guessed. Costs
   * `queries` flat scans. Stops early where recall plateaus below the
   * target. Returns the recall per nprobe tried.
   */
  calibrate(
    options: {
      target?: number;
      /** Number of stored rows to turn into queries (default 32). */
      queries?: number;
      /** Real queries (e.g. embedded claims) to calibrate with instead of perturbed rows. */
      sampleQueries?: Float32Array[];
      k?: number;
      seed?: number;
      maxNprobe?: number;
    } = {},
  ): {
    nprobe: number;
    curve: { nprobe: number; recall: number }[];
  } {
    const store = this.store;
    const n = store.size;
    const target = options.target ?? 0.95;
    const k = options.k ?? 10;
    const rand = seededRandom(options.seed ?? 11);
    const dim = store.dim;
    let queries: Float32Array[] = options.sampleQueries ?? [];
    if (queries.length === 0) {
      const rows = sampleIndices(n, Math.min(n, options.queries ?? 32), rand);
      queries = [];
      for (const r of rows) {
        const q = store.vectorAt(r);
        // Perturb by ~0.6 of the vector's norm (cosine ~0.85 to the row): a
        // query is near a passage, not a copy of it, and easy queries would
        // make the tuned nprobe too small.
        let norm = 0;
        for (let j = 0; j < dim; j++) norm += q[j] * q[j];
        const s = (0.6 * Math.sqrt(norm)) / Math.sqrt(dim);
        for (let j = 0; j < dim; j++) q[j] += s * (rand() * 2 - 1) * Math.sqrt(3);
        queries.push(q);
      }
    }
    const truth = queries.map((q) => {
      const heap = new TopK(k);
      scanRows(store, prepareQuery(store, q), this.scoring, null, 0, n, heap);
      return new Set(heap.sorted().items);
    });
    const curve: { nprobe: number; recall: number }[] = [];
    const maxNprobe = Math.min(this.nlist, options.maxNprobe ?? this.nlist);
    let nprobe = 1;
    for (;;) {
      let hit = 0;
      queries.forEach((q, i) => {
        for (const h of this.search(q, k, nprobe)) if (truth[i].has(h.row)) hit++;
      });
      const recall = hit / (queries.length * Math.min(k, n));
      curve.push({ nprobe, recall });
      if (recall >= target || nprobe >= maxNprobe) break;
      // Plateau: two more steps (2.25× the lists) gained < 1 point of recall.
      // The rest is rows assigned off their nearest list (two-level
      // assignment) or ties; more probing only costs time.
      const back = curve[curve.length - 3];
      if (back && recall - back.recall < 0.01) {
        nprobe = back.nprobe;
        break;
      }
      nprobe = Math.min(maxNprobe, Math.max(nprobe + 1, Math.round(nprobe * 1.5)));
    }
    this.nprobe = nprobe;
    return { nprobe, curve };
  }

  // StoreObserver: keep lists in step with the store's rows.

  rowSet(row: number): void {
    const S = this.slots;
    this.ensureRows(row + 1);
    for (let s = 0; s < S; s++) if (this.listOf[row * S + s] >= 0) this.removeEntry(row * S + s);
    const two = new Int32Array(2);
    this.quantizer.assign(this.store, row, this.spill, two);
    this.addEntry(two[0], row * S);
    if (S === 2 && two[1] >= 0) this.addEntry(two[1], row * S + 1);
  }

  rowRemoved(row: number, movedFrom: number): void {
    const S = this.slots;
    for (let s = 0; s < S; s++) if (this.listOf[row * S + s] >= 0) this.removeEntry(row * S + s);
    if (movedFrom < 0) return;
    for (let s = 0; s < S; s++) {
      const from = movedFrom * S + s;
      const to = row * S + s;
      const l = this.listOf[from];
      if (l < 0) continue;
      const p = this.posOf[from];
      this.lists[l][p] = to;
      this.listOf[to] = l;
      this.posOf[to] = p;
      this.listOf[from] = -1;
      this.posOf[from] = -1;
    }
  }

  private addEntry(l: number, m: number): void {
    let list = this.lists[l];
    const c = this.counts[l];
    if (c === list.length) {
      const grown = new Int32Array(Math.max(8, Math.ceil(c * 1.5)));
      grown.set(list);
      list = this.lists[l] = grown;
    }
    list[c] = m;
    this.counts[l] = c + 1;
    this.listOf[m] = l;
    this.posOf[m] = c;
  }

  private removeEntry(m: number): void {
    const l = this.listOf[m];
    const p = this.posOf[m];
    const last = --this.counts[l];
    const list = this.lists[l];
    if (p !== last) {
      const moved = list[last];
      list[p] = moved;
      this.posOf[moved] = p;
    }
    this.listOf[m] = -1;
    this.posOf[m] = -1;
  }

  private ensureRows(rows: number): void {
    const need = rows * this.slots;
    if (need <= this.listOf.length) return;
    const cap = Math.max(need, Math.ceil(this.listOf.length * 1.5));
    const listOf = new Int32Array(cap).fill(-1);
    listOf.set(this.listOf);
    const posOf = new Int32Array(cap).fill(-1);
    posOf.set(this.posOf);
    this.listOf = listOf;
    this.posOf = posOf;
  }
}

/** The centroids (and, two-level, their groups): maps a row to its list. */
class CoarseQuantizer {
  readonly dim: number;
  readonly nlist: number;
  readonly centroids: Float32Array;
  readonly assignGroups: number;
  readonly groups?: { centroids: Float32Array; groupOfList: Int32Array; listsOfGroup: Int32Array[] };

  constructor(record: IvfIndexRecord) {
    this.dim = record.dim;
    this.nlist = record.nlist;
    this.centroids = record.centroids;
    this.assignGroups = record.assignGroups;
    if (record.groups) {
      const g = record.groups.centroids.length / record.dim;
      const members: number[][] = Array.from({ length: g }, () => []);
      record.groups.groupOfList.forEach((grp, list) => members[grp].push(list));
      this.groups = { ...record.groups, listsOfGroup: members.map((m) => Int32Array.from(m)) };
    }
  }

  /**
   * Nearest list of a stored row into out[0]; into out[1] the second
   * nearest when its score ≥ spill × the first's (else −1).
   */
  assign(store: VectorStore, r: number, spill: number, out: Int32Array): void {
    const dim = this.dim;
    const off = r * dim;
    // The row scale is positive and the same for every centroid: ranking ignores it.
    const codes = store.codes;
    const v = store.precision === 'f32' ? store.values.subarray(off, off + dim) : null;
    const score = v
      ? (c: Float32Array, co: number) => dotF32(v, c, co, dim)
      : (c: Float32Array, co: number) => dotF32AtI8(c, co, codes, off, dim);
    const { best, bestScore, second, secondScore } = this.nearestLists(score);
    out[0] = best;
    out[1] = spill > 0 && second >= 0 && bestScore > 0 && secondScore >= spill * bestScore ? second : -1;
  }

  private nearestLists(score: (centroids: Float32Array, offset: number) => number) {
    const dim = this.dim;
    let best = 0;
    let bestScore = -Infinity;
    let second = -1;
    let secondScore = -Infinity;
    const consider = (l: number) => {
      const sc = score(this.centroids, l * dim);
      if (sc > bestScore) {
        second = best;
        secondScore = bestScore;
        best = l;
        bestScore = sc;
      } else if (sc > secondScore) {
        second = l;
        secondScore = sc;
      }
    };
    if (!this.groups) {
      for (let l = 0; l < this.nlist; l++) consider(l);
    } else {
      const gc = this.groups.centroids;
      const g = gc.length / dim;
      const topGroups = new TopK(Math.min(this.assignGroups, g));
      for (let i = 0; i < g; i++) topGroups.push(i, score(gc, i * dim));
      const { items } = topGroups.sorted();
      for (let i = 0; i < items.length; i++) {
        const ls = this.groups.listsOfGroup[items[i]];
        for (let j = 0; j < ls.length; j++) consider(ls[j]);
      }
    }
    if (secondScore === -Infinity) second = -1;
    return { best, bestScore, second, secondScore };
  }
}
