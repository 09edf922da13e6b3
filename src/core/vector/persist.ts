// Persisting a vector set (one corpus × one model) as structured-cloneable
// records: one set record (metadata + the IVF quantizer) and blocks of at most
// `blockSize` rows each, so no single IndexedDB record gets huge (a million
// 384-dim int8 rows is 123 blocks of ~3 MB instead of one 390 MB value).
// Only blocks whose rows changed are rewritten on save.
import { VectorDataCorruptError } from '../errors.ts';
import { IvfIndex, ivfSlots, type IvfIndexRecord } from './ivf.ts';
import { VectorStore, type VectorPrecision } from './store.ts';

export const VECTOR_FORMAT_VERSION = 1;
export const DEFAULT_BLOCK_SIZE = 8192;

/** Key of a vector set: embeddings of a corpus depend on the corpus and the model version. */
export function vectorSetKey(corpus: string, model: string): string {
  return `${corpus}\u241f${model}`;
}

/** The set record: what the store holds and how it is split into blocks. */
export interface VectorSetRecord {
  key: string;
  formatVersion: number;
  corpus: string;
  model: string;
  dim: number;
  precision: VectorPrecision;
  count: number;
  blockSize: number;
  blockCount: number;
  /** The approximate index, if one was built (its per-row lists live in the blocks). */
  index?: IvfIndexRecord;
  updatedAt: string;
}

/** Rows [block·blockSize, …) of a set. Typed arrays are copies, never views of the live store. */
export interface VectorBlockRecord {
  /** The set's key. */
  set: string;
  block: number;
  ids: string[];
  hashes: string[];
  /** int8 sets: count×dim codes and count scales. */
  codes?: Int8Array;
  scales?: Float32Array;
  /** f32 sets: count×dim values. */
  values?: Float32Array;
  /** IVF list of each row (when the set has an index). */
  lists?: Int32Array;
}

/**
 * Where vector sets are kept: IndexedDB (Dexie, wired in src/db.ts) in the
 * browser, memory in tests and the CLI. `write` must be atomic (one
 * transaction) so a failed save (quota) leaves the previous state intact.
 */
export interface VectorPersistence {
  getSet(key: string): Promise<VectorSetRecord | undefined>;
  getBlock(key: string, block: number): Promise<VectorBlockRecord | undefined>;
  /** Puts the set record and the given blocks; deletes blocks numbered ≥ set.blockCount. */
  write(set: VectorSetRecord, blocks: VectorBlockRecord[]): Promise<void>;
  deleteSet(key: string): Promise<void>;
}

/** In-memory persistence: for tests and the Node CLI. Clones on the way in and out like IndexedDB. */
export class MemoryVectorPersistence implements VectorPersistence {
  private readonly sets = new Map<string, VectorSetRecord>();
  private readonly blocks = new Map<string, Map<number, VectorBlockRecord>>();

  async getSet(key: string): Promise<VectorSetRecord | undefined> {
    const s = this.sets.get(key);
    return s && structuredClone(s);
  }

  async getBlock(key: string, block: number): Promise<VectorBlockRecord | undefined> {
    const b = this.blocks.get(key)?.get(block);
    return b && structuredClone(b);
  }

  async write(set: VectorSetRecord, blocks: VectorBlockRecord[]): Promise<void> {
    // Clone everything first: a clone failure must leave the old state whole.
    const setCopy = structuredClone(set);
    const blockCopies = blocks.map((b) => structuredClone(b));
    let m = this.blocks.get(set.key);
    if (!m) this.blocks.set(set.key, (m = new Map()));
    for (const b of blockCopies) m.set(b.block, b);
    for (const n of [...m.keys()]) if (n >= set.blockCount) m.delete(n);
    this.sets.set(set.key, setCopy);
  }

  async deleteSet(key: string): Promise<void> {
    this.sets.delete(key);
    this.blocks.delete(key);
  }

  /** Number of block records held for a set (tests check incremental saves with it). */
  blockCount(key: string): number {
    return this.blocks.get(key)?.size ?? 0;
  }
}

/**
 * The records of a vector set: the set record and the blocks numbered in
 * `blocks` (default: all). Typed arrays are copies, safe to transfer or store.
 */
export function vectorSetRecords(
  store: VectorStore,
  index: IvfIndex | undefined,
  blockSize = DEFAULT_BLOCK_SIZE,
  blockNumbers?: number[],
): { set: VectorSetRecord; blocks: VectorBlockRecord[] } {
  const key = vectorSetKey(store.corpus, store.model);
  const n = store.size;
  const blockCount = Math.ceil(n / blockSize);
  const wanted = blockNumbers ?? Array.from({ length: blockCount }, (_, b) => b);
  const d = store.dim;
  const blocks: VectorBlockRecord[] = [];
  for (const b of [...wanted].sort((x, y) => x - y)) {
    const start = b * blockSize;
    const end = Math.min(n, start + blockSize);
    const ids: string[] = [];
    const hashes: string[] = [];
    for (let r = start; r < end; r++) {
      ids.push(store.idAt(r));
      hashes.push(store.hashAt(r));
    }
    const rec: VectorBlockRecord = { set: key, block: b, ids, hashes };
    if (store.precision === 'int8') {
      rec.codes = store.codes.slice(start * d, end * d);
      rec.scales = store.scales.slice(start, end);
    } else {
      rec.values = store.values.slice(start * d, end * d);
    }
    if (index) rec.lists = index.listNumbers(start, end);
    blocks.push(rec);
  }
  const set: VectorSetRecord = {
    key,
    formatVersion: VECTOR_FORMAT_VERSION,
    corpus: store.corpus,
    model: store.model,
    dim: store.dim,
    precision: store.precision,
    count: n,
    blockSize,
    blockCount,
    index: index?.toRecord(),
    updatedAt: new Date().toISOString(),
  };
  return { set, blocks };
}

export interface SaveOptions {
  blockSize?: number;
  /** Rewrite every block even if the store says they did not change. */
  full?: boolean;
}

/** What a save wrote (blocks rewritten out of the total). */
export interface SaveResult {
  blocksWritten: number;
  blockCount: number;
}

/**
 * Saves the store (and its IVF index, if any). Writes only blocks with
 * changed rows unless the block size changed, the set is new or `full`.
 */
export async function saveVectorSet(
  persistence: VectorPersistence,
  store: VectorStore,
  index?: IvfIndex,
  options: SaveOptions = {},
): Promise<SaveResult> {
  const key = vectorSetKey(store.corpus, store.model);
  const previous = await persistence.getSet(key);
  const blockSize = options.blockSize ?? previous?.blockSize ?? DEFAULT_BLOCK_SIZE;
  const n = store.size;
  const blockCount = Math.ceil(n / blockSize);
  const dirty = store.dirty();
  const full =
    options.full ||
    dirty.all ||
    !previous ||
    previous.blockSize !== blockSize ||
    previous.dim !== store.dim ||
    previous.precision !== store.precision ||
    // Indexing rewrites the per-row lists of every block.
    Boolean(previous.index) !== Boolean(index);
  const wanted = new Set<number>();
  if (full) for (let b = 0; b < blockCount; b++) wanted.add(b);
  else for (const r of dirty.rows) if (r < n) wanted.add(Math.floor(r / blockSize));
  // A shrunk store changes the (now) last block even if no row in it was touched.
  if (!full && previous && n < previous.count && blockCount > 0) wanted.add(blockCount - 1);

  const { set, blocks } = vectorSetRecords(store, index, blockSize, [...wanted]);
  await persistence.write(set, blocks);
  store.clearDirty();
  return { blocksWritten: blocks.length, blockCount };
}

export interface LoadedVectorSet {
  store: VectorStore;
  index?: IvfIndex;
}

/** Loads a saved set; undefined when there is none for this corpus and model. */
export async function loadVectorSet(
  persistence: VectorPersistence,
  corpus: string,
  model: string,
): Promise<LoadedVectorSet | undefined> {
  const key = vectorSetKey(corpus, model);
  const set = await persistence.getSet(key);
  if (!set) return undefined;
  if (set.formatVersion !== VECTOR_FORMAT_VERSION) {
    throw new VectorDataCorruptError(
      `Stored vectors for ${corpus} use format ${set.formatVersion}; this version reads ${VECTOR_FORMAT_VERSION}. Re-embed the corpus.`,
    );
  }
  const store = new VectorStore({ corpus, model, dim: set.dim, precision: set.precision, capacity: set.count });
  const slots = set.index ? ivfSlots(set.index) : 1;
  const lists = set.index ? new Int32Array(set.count * slots) : undefined;
  const d = set.dim;
  for (let b = 0; b < set.blockCount; b++) {
    const rec = await persistence.getBlock(key, b);
    const expected = Math.min(set.blockSize, set.count - b * set.blockSize);
    if (!rec) throw new VectorDataCorruptError(`Stored vectors for ${corpus} lack block ${b} of ${set.blockCount}.`);
    const okRows = rec.ids.length === expected && rec.hashes.length === expected;
    const okData =
      set.precision === 'int8'
        ? rec.codes?.length === expected * d && rec.scales?.length === expected
        : rec.values?.length === expected * d;
    if (!okRows || !okData || (lists && rec.lists?.length !== expected * slots)) {
      throw new VectorDataCorruptError(`Stored vectors for ${corpus}: block ${b} has the wrong size.`);
    }
    store.appendRaw(
      rec.ids,
      rec.hashes,
      set.precision === 'int8' ? { codes: rec.codes!, scales: rec.scales! } : { values: rec.values! },
    );
    if (lists) lists.set(rec.lists!, b * set.blockSize * slots);
  }
  store.clearDirty();
  const index = set.index && lists ? IvfIndex.restore(store, set.index, lists) : undefined;
  return { store, index };
}
