// Embeddings of one corpus under one model, in a contiguous layout that the
// search loops can stream through: row r of an int8 store is
// codes[r*dim .. (r+1)*dim) with scale scales[r]; of an f32 store,
// values[r*dim .. (r+1)*dim). Removal moves the last row into the hole so the
// rows stay dense; indexes over the store follow the moves as observers.
import { VectorDimensionError } from '../errors.ts';
import { quantizeInto } from './quantize.ts';

export type VectorPrecision = 'int8' | 'f32';

export interface VectorStoreOptions {
  /** Corpus id the chunks belong to. */
  corpus: string;
  /** Embedding model id including its version, e.g. "Xenova/all-MiniLM-L6-v2@q8". */
  model: string;
  dim: number;
  /** int8 (default): 4× smaller, scores within ~1% of f32. f32: exact. */
  precision?: VectorPrecision;
  /** Rows to allocate up front (avoids regrowing when the corpus size is known). */
  capacity?: number;
}

/** Told about every change of rows, so an index over the store stays right. */
export interface StoreObserver {
  /** Row `row` got a new vector (appended or updated in place). */
  rowSet(row: number): void;
  /** Row `row`'s vector was removed; the row that was at `movedFrom` now sits at `row` (−1: none moved). */
  rowRemoved(row: number, movedFrom: number): void;
}

/** A chunk as the store sees it: its id and the hash of the text that was embedded. */
export interface ChunkFingerprint {
  id: string;
  hash: string;
}

export interface EmbeddingPlan {
  /** New chunks and chunks whose text changed: embed these, then `upsert` them. */
  toEmbed: string[];
  /** Ids stored but no longer in the corpus: `remove` these. */
  toRemove: string[];
  /** Chunks whose stored vector is still current. */
  unchanged: number;
}

export class VectorStore {
  readonly corpus: string;
  readonly model: string;
  readonly dim: number;
  readonly precision: VectorPrecision;

  /** int8 codes, capacity×dim (int8 stores only; empty otherwise). */
  codes: Int8Array;
  /** Per-row scales (int8 stores only). */
  scales: Float32Array;
  /** Float rows, capacity×dim (f32 stores only; empty otherwise). */
  values: Float32Array;

  private readonly ids: string[] = [];
  private readonly hashes: string[] = [];
  private readonly rowById = new Map<string, number>();
  private n = 0;
  private capacity: number;
  private readonly observers = new Set<StoreObserver>();
  private readonly dirtyRows = new Set<number>();
  private allDirty = false;

  constructor(options: VectorStoreOptions) {
    if (!Number.isInteger(options.dim) || options.dim <= 0) {
      throw new VectorDimensionError(`Vector dimension must be a positive integer, got ${options.dim}.`);
    }
    this.corpus = options.corpus;
    this.model = options.model;
    this.dim = options.dim;
    this.precision = options.precision ?? 'int8';
    this.capacity = Math.max(16, options.capacity ?? 1024);
    const int8 = this.precision === 'int8';
    this.codes = new Int8Array(int8 ? this.capacity * this.dim : 0);
    this.scales = new Float32Array(int8 ? this.capacity : 0);
    this.values = new Float32Array(int8 ? 0 : this.capacity * this.dim);
  }

  get size(): number {
    return this.n;
  }

  /** Bytes held by the vectors themselves (rows in use, not spare capacity). */
  get vectorBytes(): number {
    return this.precision === 'int8' ? this.n * (this.dim + 4) : this.n * this.dim * 4;
  }

  has(id: string): boolean {
    return this.rowById.has(id);
  }

  rowOf(id: string): number {
    return this.rowById.get(id) ?? -1;
  }

  idAt(row: number): string {
    return this.ids[row];
  }

  hashOf(id: string): string | undefined {
    const row = this.rowById.get(id);
    return row === undefined ? undefined : this.hashes[row];
  }

  hashAt(row: number): string {
    return this.hashes[row];
  }

  observe(observer: StoreObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * Compares the corpus' chunks with what is stored and says what to embed
   * and what to drop, so a corpus update re-embeds only what changed.
   */
  plan(chunks: Iterable<ChunkFingerprint>): EmbeddingPlan {
    const toEmbed: string[] = [];
    const seen = new Set<string>();
    let unchanged = 0;
    for (const c of chunks) {
      seen.add(c.id);
      if (this.hashOf(c.id) === c.hash) unchanged++;
      else toEmbed.push(c.id);
    }
    const toRemove = this.ids.slice(0, this.n).filter((id) => !seen.has(id));
    return { toEmbed, toRemove, unchanged };
  }

  /** Adds or replaces the vector of chunk `id`; returns its row. */
  upsert(id: string, vector: ArrayLike<number>, hash: string): number {
    if (vector.length !== this.dim) {
      throw new VectorDimensionError(
        `Vector for chunk "${id}" has ${vector.length} dimensions; this store (${this.model}) holds ${this.dim}.`,
      );
    }
    for (let i = 0; i < vector.length; i++) {
      if (!Number.isFinite(vector[i])) {
        throw new VectorDimensionError(`Vector for chunk "${id}" holds a non-finite value at ${i}.`);
      }
    }
    let row = this.rowById.get(id);
    if (row === undefined) {
      row = this.n;
      this.ensureCapacity(row + 1);
      this.n++;
      this.ids[row] = id;
      this.rowById.set(id, row);
    }
    this.hashes[row] = hash;
    const off = row * this.dim;
    if (this.precision === 'int8') this.scales[row] = quantizeInto(vector, this.codes, off);
    else for (let i = 0; i < this.dim; i++) this.values[off + i] = vector[i];
    this.dirtyRows.add(row);
    for (const o of this.observers) o.rowSet(row);
    return row;
  }

  /** Removes chunk `id`; false when it was not stored. */
  remove(id: string): boolean {
    const row = this.rowById.get(id);
    if (row === undefined) return false;
    const last = this.n - 1;
    this.rowById.delete(id);
    let movedFrom = -1;
    if (row !== last) {
      // Keep rows dense: the last row fills the hole.
      const d = this.dim;
      if (this.precision === 'int8') {
        this.codes.copyWithin(row * d, last * d, last * d + d);
        this.scales[row] = this.scales[last];
      } else {
        this.values.copyWithin(row * d, last * d, last * d + d);
      }
      const movedId = this.ids[last];
      this.ids[row] = movedId;
      this.hashes[row] = this.hashes[last];
      this.rowById.set(movedId, row);
      movedFrom = last;
      this.dirtyRows.add(row);
    }
    this.ids.length = last;
    this.hashes.length = last;
    this.n = last;
    this.dirtyRows.add(last);
    for (const o of this.observers) o.rowRemoved(row, movedFrom);
    return true;
  }

  /** The stored vector of a row as floats (dequantised for int8). */
  vectorAt(row: number, out: Float32Array = new Float32Array(this.dim)): Float32Array {
    const off = row * this.dim;
    if (this.precision === 'int8') {
      const s = this.scales[row];
      for (let i = 0; i < this.dim; i++) out[i] = this.codes[off + i] * s;
    } else {
      out.set(this.values.subarray(off, off + this.dim));
    }
    return out;
  }

  /**
   * Reorders rows: new row i holds old row order[i]. Indexes use it to make
   * the rows of one list contiguous in memory. Observers are not told (the
   * caller owns the reorder and rebuilds its own row tables).
   */
  permute(order: Int32Array): void {
    if (order.length !== this.n) throw new RangeError('permute: order must list every row once');
    const d = this.dim;
    const ids = this.ids.slice(0, this.n);
    const hashes = this.hashes.slice(0, this.n);
    if (this.precision === 'int8') {
      const codes = new Int8Array(this.capacity * d);
      const scales = new Float32Array(this.capacity);
      for (let i = 0; i < order.length; i++) {
        const o = order[i];
        codes.set(this.codes.subarray(o * d, o * d + d), i * d);
        scales[i] = this.scales[o];
      }
      this.codes = codes;
      this.scales = scales;
    } else {
      const values = new Float32Array(this.capacity * d);
      for (let i = 0; i < order.length; i++) {
        const o = order[i];
        values.set(this.values.subarray(o * d, o * d + d), i * d);
      }
      this.values = values;
    }
    for (let i = 0; i < order.length; i++) {
      this.ids[i] = ids[order[i]];
      this.hashes[i] = hashes[order[i]];
      this.rowById.set(this.ids[i], i);
    }
    this.allDirty = true;
  }

  /** Rows changed since the last `clearDirty` (all rows after a permute or load). */
  dirty(): { all: boolean; rows: ReadonlySet<number> } {
    return { all: this.allDirty, rows: this.dirtyRows };
  }

  markAllDirty(): void {
    this.allDirty = true;
  }

  clearDirty(): void {
    this.allDirty = false;
    this.dirtyRows.clear();
  }

  /** Appends rows already in storage form (used when loading persisted blocks). */
  appendRaw(
    ids: readonly string[],
    hashes: readonly string[],
    data: { codes: Int8Array; scales: Float32Array } | { values: Float32Array },
  ): void {
    const count = ids.length;
    const start = this.n;
    this.ensureCapacity(start + count);
    const d = this.dim;
    if ('codes' in data) {
      if (this.precision !== 'int8') throw new VectorDimensionError('int8 rows given to an f32 store');
      this.codes.set(data.codes.subarray(0, count * d), start * d);
      this.scales.set(data.scales.subarray(0, count), start);
    } else {
      if (this.precision !== 'f32') throw new VectorDimensionError('f32 rows given to an int8 store');
      this.values.set(data.values.subarray(0, count * d), start * d);
    }
    for (let i = 0; i < count; i++) {
      const id = ids[i];
      if (this.rowById.has(id)) throw new VectorDimensionError(`Chunk id "${id}" appears twice.`);
      this.ids[start + i] = id;
      this.hashes[start + i] = hashes[i];
      this.rowById.set(id, start + i);
    }
    this.n += count;
    for (const o of this.observers) for (let i = 0; i < count; i++) o.rowSet(start + i);
  }

  private ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    let cap = this.capacity;
    // Grow by 1.5× rather than 2× so a near-full million-row store does not
    // briefly need three times its size.
    while (cap < rows) cap = Math.ceil(cap * 1.5);
    const d = this.dim;
    if (this.precision === 'int8') {
      const codes = new Int8Array(cap * d);
      codes.set(this.codes.subarray(0, this.n * d));
      const scales = new Float32Array(cap);
      scales.set(this.scales.subarray(0, this.n));
      this.codes = codes;
      this.scales = scales;
    } else {
      const values = new Float32Array(cap * d);
      values.set(this.values.subarray(0, this.n * d));
      this.values = values;
    }
    this.capacity = cap;
  }
}
