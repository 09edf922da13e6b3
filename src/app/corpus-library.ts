// The corpora a checker searches: each one's search index in memory, its
// passages in IndexedDB (or in memory while a pack installed this session is
// still being saved, in the background, after the first check).
import type { Chunk } from '../core/types.ts';
import type { ChunkStore } from '../core/retrieval/types.ts';
import { StorageQuotaError, toErrorPayload, type ErrorPayload } from '../core/errors.ts';
import { BM25Index, MemoryChunkStore } from '../core/retrieval/index.ts';
import type { CheckerEvent, LoadProgress } from '../core/checker.ts';
import { DexieChunkStore, corpusChunks, loadIndex, saveCorpusInBackground, saveIndex, type ClaimLensDB, type StoredCorpus } from '../db.ts';
import { buildIndex, type UnpackedPack } from './pack-installer.ts';

export interface LoadedCorpus {
  meta: StoredCorpus;
  index: BM25Index;
  chunks?: MemoryChunkStore;
}

/** Checks running now, and when the last one ended (performance.now()): background saving waits for them. */
export interface CheckActivity {
  readonly running: number;
  readonly lastEnd: number;
}

export interface CorpusLibraryDeps {
  db: ClaimLensDB;
  /** See CheckerServiceDeps.saveDelayMs. */
  saveDelayMs: number;
  checks: CheckActivity;
  emit: (e: CheckerEvent) => void;
  /** A corpus saved in the background is complete in IndexedDB. */
  saved: (corpus: StoredCorpus) => Promise<void>;
  /** Saving a corpus in the background failed (storage full): it stays in memory for this session. */
  saveFailed: (error: ErrorPayload) => void;
}

export class CorpusLibrary {
  private readonly db: ClaimLensDB;
  private readonly saveDelayMs: number;
  /**
   * Loaded corpora with their search indexes, by corpus id; `chunks` holds a
   * corpus's passages in memory while they are being saved (then they are
   * read from IndexedDB).
   */
  private readonly loaded = new Map<string, LoadedCorpus>();
  /** Corpora being saved in the background, and the promise of that. */
  private readonly saving = new Map<string, Promise<void>>();

  constructor(private readonly deps: CorpusLibraryDeps) {
    this.db = deps.db;
    this.saveDelayMs = deps.saveDelayMs;
  }

  has(id: string): boolean {
    return this.loaded.has(id);
  }

  get(id: string): LoadedCorpus | undefined {
    return this.loaded.get(id);
  }

  /** A corpus stored in full (an import): searched from its index, passages from IndexedDB. */
  add(meta: StoredCorpus, index: BM25Index): void {
    this.loaded.set(meta.id, { meta, index });
  }

  remove(id: string): void {
    this.loaded.delete(id);
  }

  /** Corpora with passages to search. */
  searchable(): LoadedCorpus[] {
    return [...this.loaded.values()].filter((c) => c.index.size > 0);
  }

  /** Corpora being saved in the background, as they are searched (from memory). */
  beingSaved(): StoredCorpus[] {
    return [...this.saving.keys()].filter((id) => this.loaded.has(id)).map((id) => this.loaded.get(id)!.meta);
  }

  /** Makes a stored corpus searchable: its persisted index, or one rebuilt from its chunks. */
  async loadStored(corpus: StoredCorpus, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const serialized = await loadIndex(this.db, corpus.id, corpus.version);
    let index: BM25Index | null = null;
    if (serialized) {
      try {
        index = BM25Index.deserialize(serialized);
      } catch {
        index = null; // stored by an older index format: rebuilt below
      }
    }
    if (!index) {
      const chunks = await corpusChunks(this.db, corpus.id);
      index = buildIndex(corpus, chunks, onProgress);
      try {
        await saveIndex(this.db, corpus.id, corpus.version, index.serialize());
      } catch (err) {
        // Without room the index stays in memory only and is rebuilt next start.
        if (!(err instanceof StorageQuotaError)) throw err;
      }
    }
    this.loaded.set(corpus.id, { meta: corpus, index });
  }

  /** Makes a pack searchable from memory now, and saves it in the background. */
  async activate({ corpus, chunks, index, packFile }: UnpackedPack): Promise<void> {
    // Wait for an earlier save of this corpus; its failure was reported by its own 'saving' event.
    await this.saving.get(corpus.id)?.catch(() => undefined);
    this.loaded.set(corpus.id, { meta: corpus, index, chunks: new MemoryChunkStore(chunks) });
    this.saveInBackground(corpus, chunks, index, packFile);
  }

  /**
   * Saves a corpus that is already searchable from memory: chunks and index,
   * then the corpus entry that marks it complete (saveCorpusInBackground).
   * Progress and the end go out as 'saving' events. On failure (a full disk)
   * the corpus stays searchable from memory for this session, and the error
   * is reported; the next start installs the pack again.
   */
  private saveInBackground(corpus: StoredCorpus, chunks: readonly Chunk[], index: BM25Index, packFile: { file: string; bytes: Uint8Array } | null): void {
    const emit = this.deps.emit;
    const steps = { store: 1 };
    const job = (async () => {
      await this.quiet();
      try {
        await saveCorpusInBackground(this.db, { corpus, chunks, index: index.serialize(), packFile }, (done, total) =>
          emit({ type: 'saving', corpus: corpus.id, progress: { phase: 'store', corpus: corpus.id, name: corpus.name, done, total, steps } }),
        );
      } catch (err) {
        // Reported: the 'saving' event and the checker's packError say why.
        this.deps.saveFailed(toErrorPayload(err));
        emit({ type: 'saving', corpus: corpus.id, progress: null, error: toErrorPayload(err) });
        return;
      }
      const entry = this.loaded.get(corpus.id);
      if (entry?.meta.version === corpus.version) delete entry.chunks; // read from IndexedDB from now on
      emit({ type: 'saving', corpus: corpus.id, progress: null });
      try {
        await this.deps.saved(corpus);
      } catch (err) {
        // Saved, but what follows (queueing its embedding) failed: reported like a failed save.
        this.deps.saveFailed(toErrorPayload(err));
      }
    })().finally(() => {
      if (this.saving.get(corpus.id) === job) this.saving.delete(corpus.id);
    });
    this.saving.set(corpus.id, job);
  }

  /**
   * Resolves when no check runs and either one has ended since `from` (a
   * moment ago) or saveDelayMs have passed: the first check goes first.
   */
  private async quiet(from = performance.now()): Promise<void> {
    for (;;) {
      const now = performance.now();
      const { running, lastEnd } = this.deps.checks;
      if (running === 0 && (lastEnd >= from ? now - lastEnd >= 100 : now - from >= this.saveDelayMs)) return;
      await new Promise((r) => setTimeout(r, Math.min(100, this.saveDelayMs)));
    }
  }

  /** Resolves once every corpus being saved in the background is saved (or has failed). */
  async whenSaved(): Promise<void> {
    // A failed save was reported by its 'saving' event (and in packError); here it only has to be over.
    while (this.saving.size) await Promise.all([...this.saving.values()].map((p) => p.catch(() => undefined)));
  }
}

/** Where a check reads a corpus's passages: memory while it is being saved, else IndexedDB. */
export function chunkStore(db: ClaimLensDB, c: LoadedCorpus): ChunkStore {
  return c.chunks ?? new DexieChunkStore(db, c.meta.id);
}
