// Which index for which corpus size. A flat int8 scan costs ~0.4 ms per 1000
// rows of 384 dims in JS on one core (measured: tests/bench/retrieval.ts), so
// up to ~50k chunks it answers in ≤ 20 ms exactly and needs no training;
// above that the IVF index keeps queries in milliseconds.
import { FlatIndex } from './flat.ts';
import { IvfIndex, type IvfBuildOptions } from './ivf.ts';
import type { VectorStore } from './store.ts';
import type { VectorIndex } from './types.ts';

export interface CreateIndexOptions {
  /** Stores with at least this many rows get an IVF index. Default 50,000. */
  approximateFrom?: number;
  ivf?: IvfBuildOptions;
  /** Tune nprobe after building to reach this recall@10 against the flat scan (default 0.97; 0: don't). */
  calibrateTo?: number;
}

export function createIndex(store: VectorStore, options: CreateIndexOptions = {}): VectorIndex {
  if (store.size < (options.approximateFrom ?? 50_000)) return new FlatIndex(store);
  const ivf = IvfIndex.build(store, options.ivf);
  const target = options.calibrateTo ?? 0.97;
  if (target > 0) ivf.calibrate({ target });
  return ivf;
}
