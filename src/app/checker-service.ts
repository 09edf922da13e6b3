// The checker itself, in-process: owns the corpora (IndexedDB + in-memory BM25
// indexes), loads evidence packs, imports files and runs checks. The worker
// (checker.worker.ts) is a thin transport around it; Node tests use it directly.
import type { Chunk } from '../core/types.ts';
import type { Verifier } from '../core/verify/types.ts';
import type { ChunkStore, Retriever } from '../core/retrieval/types.ts';
import { EmptyCorpusError, MalformedFileError, NotFoundError, StorageQuotaError, toErrorPayload } from '../core/errors.ts';
import { checkTitle, type CheckRecord } from '../core/export.ts';
import { BM25Index, BM25Retriever, MemoryChunkStore, MultiRetriever, buildChunkIndex } from '../core/retrieval/index.ts';
import { BM25_FORMAT_VERSION } from '../core/retrieval/bm25.ts';
import { decodeIndexFile, decodeIndexFileGz, indexFingerprint, INDEX_FILE_FORMAT, INDEX_FILE_VERSION } from '../core/retrieval/index-file.ts';
import { corpusFromImport, decodePack, importFile, parsePack, type PackManifestEntry } from '../core/evidence/index.ts';
import { splitThinking } from '../core/claims/index.ts';
import { checkAnswer, MAX_ANSWER_CHARS } from '../core/pipeline.ts';
import { checkMethod, semanticRetriever, semanticVerifier } from '../core/semantic.ts';
import type { SemanticSettings } from '../core/models/settings.ts';
import { SemanticService, type ModelRuntimeFactory } from './semantic-service.ts';
import type { ChatEngine } from '../core/engine/types.ts';
import { calibratedFeatures, checkVerifier, judgeMethod, userCalibrations } from './judge-check.ts';
import type { ModelLocations } from '../lib/transformers-cache.ts';
import {
  DexieChunkStore,
  DexieVerdictCache,
  corpusChunks,
  deleteCorpus,
  getSetting,
  listCorpora,
  loadIndex,
  pendingPackFiles,
  saveCheck,
  saveCorpus,
  saveCorpusInBackground,
  saveIndex,
  setSetting,
  type ClaimLensDB,
  type StoredCorpus,
  type StoredPackFile,
} from '../db.ts';
interface LoadedCorpus {
  meta: StoredCorpus;
  index: BM25Index;
  chunks?: MemoryChunkStore;
}

import type {
  Checker,
  CheckerEvent,
  CheckerState,
  CheckOptions,
  CheckOutcome,
  CheckProgress,
  ImportOutcome,
  LoadProgress,
  PackStatus,
  SemanticStatus,
} from '../core/checker.ts';
import type { TestHooks } from '../../workers/checker.protocol.ts';

/** One entry of public/evidence/manifest.json. */
export type PackEntry = PackManifestEntry;

export interface CheckerServiceDeps {
  db: ClaimLensDB;
  verifier: Verifier;
  /** Where `evidence/manifest.json` lives (the app's base URL). */
  baseUrl: string | URL;
  fetch?: typeof fetch;
  /** How to run the embedding and NLI models; without it semantic search is unavailable. */
  models?: ModelRuntimeFactory;
  /** Where model files live (browser), to tell whether a model is cached. */
  modelLocations?: ModelLocations;
  /** The engine a model judge chats through (the worker: the UI's engine, relayed). */
  judgeEngine?: (model: string) => ChatEngine;
  /**
   * How long a pack installed on first start waits before it is saved, unless
   * a check has finished before (default 1500 ms): saving competes with the
   * first check for the CPU, and that check is what the user waits for.
   */
  saveDelayMs?: number;
}

const REMOVED_PACKS = 'removedPacks';

export class CheckerService implements Checker {
  private readonly db: ClaimLensDB;
  private readonly verifier: Verifier;
  private readonly judgeEngine: CheckerServiceDeps['judgeEngine'];
  private readonly baseUrl: string | URL;
  private readonly fetchFn: typeof fetch;
  /**
   * Loaded corpora with their search indexes, by corpus id; `chunks` holds a
   * corpus's passages in memory while they are being saved (then they are
   * read from IndexedDB).
   */
  private readonly loaded = new Map<string, LoadedCorpus>();
  /** Corpora being saved in the background, and the promise of that. */
  private readonly saving = new Map<string, Promise<void>>();
  private readonly saveDelayMs: number;
  /** Checks running now, and when the last one ended (performance.now()). */
  private checksRunning = 0;
  private lastCheckEnd = -Infinity;
  private manifest: PackEntry[] = [];
  /** Why the pack list could not be read, and why a pack could not be installed. */
  private manifestError: CheckerState['packError'];
  private installError: CheckerState['packError'];
  private ready: Promise<CheckerState> | null = null;
  /** Everyone waiting on the first load hears its progress, not just the first caller. */
  private readonly loadListeners = new Set<(p: LoadProgress) => void>();
  private readonly eventListeners = new Set<(e: CheckerEvent) => void>();
  /** Embedding search and NLI verification (null where no model runtime was given). */
  readonly semantic: SemanticService | null;

  constructor(deps: CheckerServiceDeps) {
    this.db = deps.db;
    this.verifier = deps.verifier;
    this.judgeEngine = deps.judgeEngine;
    this.baseUrl = deps.baseUrl;
    this.fetchFn = deps.fetch ?? ((...a) => fetch(...a));
    this.saveDelayMs = deps.saveDelayMs ?? 1500;
    this.semantic = deps.models
      ? new SemanticService({
          db: deps.db,
          runtime: deps.models,
          locations: deps.modelLocations,
          corpora: () => listCorpora(this.db),
          emit: (status) => this.eventListeners.forEach((l) => l({ type: 'semantic', status })),
        })
      : null;
  }

  /** Test hooks of this run (the worker passes window.__CLAIMLENS_TEST_HOOKS__). */
  setHooks(hooks: TestHooks): void {
    if (this.semantic) this.semantic.hooks = hooks;
  }

  onEvent(listener: (e: CheckerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Loads stored corpora and installs new or updated built-in packs (not ones the user removed). */
  init(onProgress?: (p: LoadProgress) => void): Promise<CheckerState> {
    if (onProgress) this.loadListeners.add(onProgress);
    this.ready ??= this.load((p) => this.loadListeners.forEach((l) => l(p)))
      .catch((err) => {
        this.ready = null; // a later call may try again
        throw err;
      })
      .finally(() => this.loadListeners.clear());
    // Later calls get the current state (corpora may have changed since the load).
    return this.ready.then(() => this.state());
  }

  private async load(onProgress?: (p: LoadProgress) => void): Promise<CheckerState> {
    await this.db.open();
    try {
      this.manifest = await this.readManifest();
      this.manifestError = undefined;
    } catch (err) {
      // Offline before the pack was ever fetched: work with what is stored.
      this.manifest = [];
      this.manifestError = toErrorPayload(err);
    }
    const removed = new Set((await getSetting<string[]>(this.db, REMOVED_PACKS)) ?? []);
    const stored = new Map((await listCorpora(this.db)).map((c) => [c.id, c]));
    // Packs whose saving a reload cut short: resumed from the saved pack file,
    // unless the manifest now lists another version (then installed anew).
    const pending = new Map((await pendingPackFiles(this.db)).map((f) => [f.id, f]));
    for (const pack of this.manifest) {
      if (removed.has(pack.id) || stored.get(pack.id)?.version === pack.meta.version) continue;
      const file = pending.get(pack.id);
      try {
        if (file?.version === pack.meta.version) await this.resumePack(file, onProgress);
        else await this.installPackEntry(pack, onProgress);
      } catch (err) {
        // A pack that cannot be installed (no room, damaged download) must not
        // keep the corpora already stored from loading.
        this.installError = toErrorPayload(err);
      }
    }
    // Without a manifest (offline), a cut-short pack still resumes.
    for (const file of pending.values()) {
      if (this.loaded.has(file.id) || removed.has(file.id) || stored.get(file.id)?.version === file.version) continue;
      if (this.manifest.some((p) => p.id === file.id)) continue; // the manifest's version was installed above
      await this.resumePack(file, onProgress).catch((err: unknown) => (this.installError = toErrorPayload(err)));
    }
    for (const corpus of await listCorpora(this.db)) {
      if (!this.loaded.has(corpus.id)) await this.loadCorpus(corpus, onProgress);
    }
    // Models load and embedding resumes in the background; checks wait only for the models.
    await this.semantic?.init();
    return this.state();
  }

  private async readManifest(): Promise<PackEntry[]> {
    const res = await this.fetchFn(new URL('evidence/manifest.json', this.baseUrl));
    if (!res.ok) throw new NotFoundError(`The evidence pack list could not be read (HTTP ${res.status}).`);
    const json = (await res.json()) as { packs?: PackEntry[] };
    return json.packs ?? [];
  }

  /** Makes a stored corpus searchable: its persisted index, or one rebuilt from its chunks. */
  private async loadCorpus(corpus: StoredCorpus, onProgress?: (p: LoadProgress) => void): Promise<void> {
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

  /**
   * Fetches a pack and its search index (when the manifest lists one this
   * build can read) at the same time, decompressing as the bytes arrive, and
   * makes the corpus searchable from memory; saving it to IndexedDB goes on in
   * the background (see saveInBackground). Without a usable index file the
   * index is built here, from the chunks.
   */
  private async installPackEntry(pack: PackEntry, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const name = pack.meta.name;
    const label = `The evidence pack ${name}`;
    const indexEntry = usableIndexEntry(pack);
    const steps: LoadProgress['steps'] = indexEntry ? { download: 0.7, unpack: 0.25, index: 0.05 } : { download: 0.15, unpack: 0.1, index: 0.75 };
    const report = (phase: LoadProgress['phase'], done: number, total: number) =>
      onProgress?.({ phase, corpus: pack.id, name, done, total, steps });
    // Both files together, counted in bytes of the files as listed: a server
    // that sends them with Content-Encoding: gzip hands over the gunzipped
    // bytes, which count against the gunzipped size the manifest gives.
    const files = [pack, ...(indexEntry ? [indexEntry] : [])];
    const total = files.reduce((n, f) => n + f.bytes, 0);
    const share = files.map(() => 0);
    const downloaded = () => report('download', Math.round(files.reduce((n, f, i) => n + f.bytes * share[i], 0)), total);
    const track = (i: number) => (done: number, size: number) => {
      share[i] = size > 0 ? Math.min(1, done / size) : 0;
      downloaded();
    };
    downloaded();
    const packFile = fetchGzip(this.fetchFn, new URL(`evidence/${pack.file}`, this.baseUrl), pack, label, track(0));
    // A missing or damaged index file is no error: the index is then built here.
    const indexFile = indexEntry
      ? fetchGzip(this.fetchFn, new URL(`evidence/${indexEntry.file}`, this.baseUrl), indexEntry, `The search index of ${name}`, track(1)).catch(
          () => null,
        )
      : Promise.resolve(null);
    const [packGot, indexGot] = await Promise.all([packFile, indexFile]);
    report('unpack', 0, pack.meta.chunks);
    const decoded = await unpack(packGot.out, label, (done, total) => report('unpack', done, total));
    const corpus: StoredCorpus = { ...decoded.meta, origin: 'pack', file: pack.file };
    let index: BM25Index | null = null;
    if (indexGot) {
      try {
        const ids = decoded.chunks.map((c) => c.id);
        index = isGzip(indexGot.out) ? decodeIndexFileGz(indexGot.out, ids, corpus) : decodeIndexFile(indexGot.out, ids, corpus);
        report('index', decoded.chunks.length, decoded.chunks.length);
      } catch {
        index = null; // built below
      }
    }
    index ??= buildIndex(corpus, decoded.chunks, onProgress ? (p) => onProgress({ ...p, steps }) : undefined);
    await this.activate(corpus, decoded.chunks, index, { file: pack.file, bytes: packGot.file });
  }

  /**
   * A pack whose saving a reload cut short: read again from the pack file
   * saved first (no download), with the index saved with it.
   */
  private async resumePack(file: StoredPackFile, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const corpus = file.corpus;
    const label = `The evidence pack ${corpus.name}`;
    const steps: LoadProgress['steps'] = { unpack: 0.9, index: 0.1 };
    const report = (phase: LoadProgress['phase'], done: number, total: number) =>
      onProgress?.({ phase, corpus: corpus.id, name: corpus.name, done, total, steps });
    report('unpack', 0, corpus.chunks);
    const bytes = isGzip(file.bytes) ? await gunzipAsync(file.bytes, label) : file.bytes;
    const decoded = await unpack(bytes, label, (done, total) => report('unpack', done, total));
    let index: BM25Index | null = null;
    const serialized = await loadIndex(this.db, corpus.id, corpus.version);
    if (serialized) {
      try {
        index = BM25Index.deserialize(serialized);
        report('index', decoded.chunks.length, decoded.chunks.length);
      } catch {
        index = null;
      }
    }
    index ??= buildIndex(corpus, decoded.chunks, onProgress ? (p) => onProgress({ ...p, steps }) : undefined);
    await this.activate(corpus, decoded.chunks, index, null);
  }

  /** Makes a pack searchable from memory now, and saves it in the background. */
  private async activate(corpus: StoredCorpus, chunks: Chunk[], index: BM25Index, packFile: { file: string; bytes: Uint8Array } | null): Promise<void> {
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
    const emit = (e: CheckerEvent) => this.eventListeners.forEach((l) => l(e));
    const steps = { store: 1 };
    const job = (async () => {
      await this.quiet();
      try {
        await saveCorpusInBackground(this.db, corpus, chunks, index.serialize(), packFile, (done, total) =>
          emit({ type: 'saving', corpus: corpus.id, progress: { phase: 'store', corpus: corpus.id, name: corpus.name, done, total, steps } }),
        );
      } catch (err) {
        this.installError = toErrorPayload(err);
        emit({ type: 'saving', corpus: corpus.id, progress: null, error: toErrorPayload(err) });
        return;
      }
      const entry = this.loaded.get(corpus.id);
      if (entry?.meta.version === corpus.version) delete entry.chunks; // read from IndexedDB from now on
      emit({ type: 'saving', corpus: corpus.id, progress: null });
      await this.semantic?.corpusChanged(corpus);
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
      if (this.checksRunning === 0 && (this.lastCheckEnd >= from ? now - this.lastCheckEnd >= 100 : now - from >= this.saveDelayMs)) return;
      await new Promise((r) => setTimeout(r, Math.min(100, this.saveDelayMs)));
    }
  }

  /** Resolves once every corpus being saved in the background is saved (or has failed). */
  async whenSaved(): Promise<void> {
    while (this.saving.size) await Promise.all([...this.saving.values()].map((p) => p.catch(() => undefined)));
  }

  async check(
    answer: string,
    opts: CheckOptions & { signal?: AbortSignal },
    onProgress?: (p: CheckProgress) => void,
  ): Promise<CheckOutcome> {
    // The load, not the state after it: reading the corpus list would wait
    // behind a pack being saved in the background.
    await (this.ready ?? this.init());
    const corpora = [...this.loaded.values()].filter((c) => c.index.size > 0);
    const retrievers: Retriever[] = corpora.map(
      (c) => new BM25Retriever(c.index, chunkStore(this.db, c), c.meta.id),
    );
    const sparse = retrievers.length === 1 ? retrievers[0] : new MultiRetriever(retrievers);
    const versions = Object.fromEntries(corpora.map((c) => [c.meta.id, c.meta.version]));
    // Empty and oversized input are the pipeline's to reject; with no corpus
    // every claim would come back unverifiable, which would mislead.
    if (corpora.length === 0 && answer.trim() && answer.length <= MAX_ANSWER_CHARS) {
      throw new EmptyCorpusError(
        'There is no evidence corpus to check against. Import files or install the MedQuAD pack in Corpora.',
      );
    }
    // Background embedding steps aside until the check is done; so does saving a pack.
    const checkDone = this.semantic?.checkStarted();
    this.checksRunning++;
    try {
      return await this.runCheck(answer, opts, corpora, sparse, versions, onProgress);
    } finally {
      checkDone?.();
      this.checksRunning--;
      this.lastCheckEnd = performance.now();
    }
  }

  private async runCheck(
    answer: string,
    opts: CheckOptions & { signal?: AbortSignal },
    corpora: LoadedCorpus[],
    sparse: Retriever,
    versions: Record<string, string>,
    onProgress?: (p: CheckProgress) => void,
  ): Promise<CheckOutcome> {
    // Semantic search when it is on: hybrid over the embedded corpora, NLI + features.
    const semantic = corpora.length ? await this.semantic?.forCheck(corpora.map((c) => c.meta)) : null;
    const { retriever, mode: retrieval } = semanticRetriever({
      sparse,
      dense: semantic?.dense ?? [],
      embedder: semantic?.embedder,
      embedderVersion: semantic?.embedderVersion,
    });
    const cals = await userCalibrations(this.db);
    const { verifier: offline, mode: verifierMode } = semanticVerifier(calibratedFeatures(this.verifier, cals), semantic?.nli);
    const chosen = checkVerifier(offline, opts.judge, this.judgeEngine, cals, opts.signal);
    const verifier = chosen.verifier;
    const placement = (m?: { placement: { device: string; dtype: string } }) => (m ? `${m.placement.device}/${m.placement.dtype}` : undefined);
    const placements: Record<string, string> = {};
    if (retrieval !== 'bm25' && semantic?.embedder) placements.embedder = placement(semantic.embedder)!;
    if (verifierMode !== 'features' && semantic?.nli) placements.nli = placement(semantic.nli)!;
    const report = await checkAnswer(
      answer,
      {
        retriever,
        verifier,
        cache: new DexieVerdictCache(this.db, Object.keys(versions)),
        corpora: versions,
      },
      {
        checkReasoning: opts.checkReasoning,
        ...(opts.claims ? { claims: opts.claims } : {}),
        signal: opts.signal,
        onProgress: (done, total) => onProgress?.({ done, total }),
      },
    );
    report.method = judgeMethod(
      checkMethod({
        retrieval,
        verifier: verifierMode,
        embedder: semantic?.embedder?.id,
        denseCorpora: semantic?.dense.map((d) => d.corpus),
        nli: semantic?.nli?.id,
        placements,
        note: semantic?.note,
      }),
      chosen,
      report.stats.judgeFallbacks,
    );
    const record: CheckRecord = {
      id: newId(),
      createdAt: new Date().toISOString(),
      title: checkTitle(splitThinking(answer).answerText),
      answer,
      checkReasoning: opts.checkReasoning,
      report,
      ...(opts.model ? { model: opts.model } : {}),
      ...(opts.question ? { question: opts.question } : {}),
    };
    if (opts.save === false) return { record, saved: false };
    try {
      await saveCheck(this.db, record);
      return { record, saved: true };
    } catch (err) {
      if (!(err instanceof StorageQuotaError)) throw err;
      return { record, saved: false, saveError: toErrorPayload(err) };
    }
  }

  async importFile(name: string, bytes: ArrayBuffer, onProgress?: (p: LoadProgress) => void): Promise<ImportOutcome> {
    await this.init();
    await this.whenSaved();
    const id = `${slug(name)}-${newId().slice(0, 6)}`;
    const result = importFile(name, new Uint8Array(bytes), id, (done, total) =>
      onProgress?.({ phase: 'download', corpus: id, name, done, total }),
    );
    const { meta, chunks } = corpusFromImport(result, {
      id,
      name,
      license: 'Your own file',
      description: `${result.documents} document${result.documents === 1 ? '' : 's'} imported from ${name}`,
    });
    const corpus: StoredCorpus = { ...meta, origin: 'import', file: name };
    const index = buildIndex(corpus, chunks, onProgress);
    await saveCorpus(this.db, corpus, chunks, index.serialize(), (stored, all) =>
      onProgress?.({ phase: 'store', corpus: id, name, done: stored, total: all }),
    );
    this.loaded.set(id, { meta: corpus, index });
    await this.semantic?.corpusChanged(corpus);
    return { corpus, documents: result.documents, skippedEmpty: result.skippedEmpty, issues: result.issues };
  }

  async deleteCorpus(corpusId: string): Promise<CheckerState> {
    await this.init();
    await this.whenSaved();
    const stored = await this.db.corpora.get(corpusId);
    if (!stored) throw new NotFoundError(`There is no corpus "${corpusId}".`);
    // Its embedding job stops first, so nothing writes its vectors after the delete.
    if (this.semantic) await this.semantic.corpusDeleting(corpusId, () => deleteCorpus(this.db, corpusId));
    else await deleteCorpus(this.db, corpusId);
    this.loaded.delete(corpusId);
    if (stored.origin === 'pack') {
      // Remember the choice so the next start does not install the pack again.
      const removed = new Set((await getSetting<string[]>(this.db, REMOVED_PACKS)) ?? []);
      removed.add(corpusId);
      await setSetting(this.db, REMOVED_PACKS, [...removed]).catch(() => undefined);
    }
    return this.state();
  }

  async installPack(packId: string, onProgress?: (p: LoadProgress) => void): Promise<CheckerState> {
    await this.init();
    await this.whenSaved();
    if (!this.manifest.length) this.manifest = await this.readManifest();
    const pack = this.manifest.find((p) => p.id === packId);
    if (!pack) throw new NotFoundError(`There is no evidence pack "${packId}".`);
    await this.installPackEntry(pack, onProgress);
    this.installError = undefined;
    const removed = ((await getSetting<string[]>(this.db, REMOVED_PACKS)) ?? []).filter((id) => id !== packId);
    await setSetting(this.db, REMOVED_PACKS, removed).catch(() => undefined);
    return this.state();
  }

  /**
   * Semantic search answers as soon as the database is open: Settings must not
   * wait for a first-start pack download (a pack installed later is queued
   * for embedding when it is stored).
   */
  private async semanticReady(): Promise<void> {
    await this.db.open();
    await this.needSemantic().init();
  }

  private needSemantic(): SemanticService {
    if (!this.semantic) throw new NotFoundError('Semantic search is not available in this checker.');
    return this.semantic;
  }

  async semanticStatus(): Promise<SemanticStatus> {
    await this.semanticReady();
    return this.needSemantic().status();
  }

  async configureSemantic(settings: Partial<SemanticSettings>): Promise<SemanticStatus> {
    await this.semanticReady();
    return this.needSemantic().configure(settings);
  }

  async enableSemantic(settings?: Partial<SemanticSettings>, onProgress?: (s: SemanticStatus) => void): Promise<SemanticStatus> {
    await this.semanticReady();
    return this.needSemantic().enable(settings, onProgress);
  }

  async embedding(corpusId: string, action: 'pause' | 'resume'): Promise<SemanticStatus> {
    await this.semanticReady();
    const s = this.needSemantic();
    return action === 'pause' ? s.pause(corpusId) : s.resume(corpusId);
  }

  private async state(): Promise<CheckerState> {
    const corpora = await listCorpora(this.db);
    // Corpora still being saved are listed as they are searched: from memory.
    const saving = [...this.saving.keys()].filter((id) => this.loaded.has(id));
    for (const id of saving) {
      const meta = this.loaded.get(id)!.meta;
      const at = corpora.findIndex((c) => c.id === id);
      if (at >= 0) corpora[at] = meta;
      else corpora.push(meta);
    }
    sortCorpora(corpora);
    const removed = new Set((await getSetting<string[]>(this.db, REMOVED_PACKS)) ?? []);
    const packs: PackStatus[] = this.manifest.map((p) => ({
      id: p.id,
      name: p.meta.name,
      version: p.meta.version,
      bytes: p.bytes,
      license: p.meta.license,
      attribution: p.meta.attribution,
      state: corpora.some((c) => c.id === p.id && c.version === p.meta.version)
        ? 'installed'
        : removed.has(p.id)
          ? 'removed'
          : 'available',
    }));
    // A missing pack list only matters when there is nothing else to check against.
    const packError = this.installError ?? (corpora.length === 0 ? this.manifestError : undefined);
    return { corpora, packs, maxAnswerChars: MAX_ANSWER_CHARS, packError, ...(saving.length ? { saving } : {}) };
  }
}

function buildIndex(corpus: { id: string; name: string }, chunks: readonly Chunk[], onProgress?: (p: LoadProgress) => void): BM25Index {
  if (chunks.length === 0) throw new EmptyCorpusError(`The corpus ${corpus.name} has no passages to search.`);
  const total = chunks.length;
  onProgress?.({ phase: 'index', corpus: corpus.id, name: corpus.name, done: 0, total });
  return buildChunkIndex(chunks, (done) =>
    onProgress?.({ phase: 'index', corpus: corpus.id, name: corpus.name, done, total }),
  );
}

/** Where a check reads a corpus's passages: memory while it is being saved, else IndexedDB. */
function chunkStore(db: ClaimLensDB, c: LoadedCorpus): ChunkStore {
  return c.chunks ?? new DexieChunkStore(db, c.meta.id);
}

/** Built-in packs first, then imports by name (as listCorpora). */
function sortCorpora(corpora: StoredCorpus[]): void {
  corpora.sort((a, b) => (a.origin === b.origin ? a.name.localeCompare(b.name) : a.origin === 'pack' ? -1 : 1));
}

/** The pack's index file, when the manifest lists one this build can read. */
function usableIndexEntry(pack: PackEntry): PackEntry['index'] {
  const i = pack.index;
  if (!i || i.format !== INDEX_FILE_FORMAT || i.formatVersion !== INDEX_FILE_VERSION) return undefined;
  if (i.bm25FormatVersion !== BM25_FORMAT_VERSION || i.fingerprint !== indexFingerprint()) return undefined;
  return i;
}

/**
 * Fetches a gzip'd file, decompressing it (DecompressionStream, which checks
 * the gzip CRC) as the bytes arrive and checking their SHA-256 against the
 * manifest. Progress: (bytes read, their expected total); when the server
 * sent the file with Content-Encoding (the browser gunzips it), the bytes are
 * the gunzipped ones and the total the manifest's `rawBytes` (0: unknown).
 * Returns the gunzipped bytes, or the bytes as served when they are not gzip
 * (the caller sees no gzip header) or when there is no DecompressionStream
 * (the caller gunzips them).
 */
async function fetchGzip(
  fetchFn: typeof fetch,
  url: URL,
  file: { bytes: number; rawBytes?: number; sha256?: string },
  label: string,
  onBytes: (done: number, total: number) => void,
): Promise<{ out: Uint8Array; file: Uint8Array }> {
  const res = await fetchFn(url);
  if (!res.ok || !res.body) throw new NotFoundError(`${label} could not be downloaded (HTTP ${res.status}).`);
  const encoded = !!res.headers.get('content-encoding');
  const total = encoded ? (file.rawBytes ?? 0) : Number(res.headers.get('content-length')) || file.bytes;
  const parts: Uint8Array[] = [];
  let done = 0;
  onBytes(0, total);
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        parts.push(chunk);
        done += chunk.byteLength;
        onBytes(done, total);
        controller.enqueue(chunk);
      },
    }),
  );
  const [sniff, rest] = counted.tee();
  const reader = sniff.getReader();
  const first = await reader.read();
  void reader.cancel();
  const gzip = !first.done && isGzip(first.value);
  let out: Uint8Array;
  let fetched: Uint8Array | undefined;
  if (gzip && typeof DecompressionStream !== 'undefined') {
    try {
      out = new Uint8Array(await new Response(rest.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>)).arrayBuffer());
    } catch (err) {
      throw new MalformedFileError(`${label} is damaged (${(err as Error).message}). Reload the page to fetch it again.`, { cause: err });
    }
  } else {
    await new Response(rest).arrayBuffer();
    out = fetched = concat(parts, done);
  }
  onBytes(total || done, total || done);
  fetched ??= concat(parts, done);
  // Check the file against the manifest (unless the server already undid the
  // gzip with Content-Encoding, in which case the browser checked the gzip CRC).
  if (gzip && file.sha256 && (await sha256Hex(fetched)) !== file.sha256.toLowerCase()) {
    throw new MalformedFileError(`${label} is damaged (checksum mismatch). Reload the page to fetch it again.`);
  }
  return { out, file: fetched };
}

/** A pack's passages from its bytes: gunzipped JSON, or gzip'd (no DecompressionStream: gunzipped and checked here). */
async function unpack(bytes: Uint8Array, label: string, onProgress: (done: number, total: number) => void) {
  return isGzip(bytes) ? decodePack(bytes, label) : parsePack(decodeUtf8(bytes, label), label, onProgress);
}

/** Gunzips with DecompressionStream where there is one (it checks the CRC); else decodePack's checked gunzip is used later. */
async function gunzipAsync(bytes: Uint8Array, label: string): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new MalformedFileError(`${label} is damaged (${(err as Error).message}).`, { cause: err });
  }
}

function decodeUtf8(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new MalformedFileError(`${label} is damaged or not an evidence pack: the content is not UTF-8 JSON.`, { cause: err });
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/\.[a-z0-9]+$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'corpus'
  );
}

function newId(): string {
  return crypto.randomUUID();
}
