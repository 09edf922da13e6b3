// The checker itself, in-process: runs checks and imports, and puts together
// the parts with one job each — the corpora it searches (corpus-library.ts:
// indexes in memory, passages in IndexedDB, background saving), the evidence
// packs (pack-installer.ts: manifest, download, resume, removed packs) and
// semantic search (semantic-service.ts). The worker (checker-host.ts) is a
// thin transport around it; Node tests use it directly.
import type { Verifier } from '../core/verify/types.ts';
import type { Retriever } from '../core/retrieval/types.ts';
import { EmptyCorpusError, NotFoundError, StorageQuotaError, toErrorPayload } from '../core/errors.ts';
import { checkTitle, type CheckRecord } from '../core/export.ts';
import { BM25Retriever, MultiRetriever } from '../core/retrieval/index.ts';
import { corpusFromImport, importFile, type PackManifestEntry } from '../core/evidence/index.ts';
import { splitThinking } from '../core/claims/index.ts';
import { checkAnswer, MAX_ANSWER_CHARS } from '../core/pipeline.ts';
import { checkMethod, semanticRetriever, semanticVerifier } from '../core/semantic.ts';
import type { SemanticSettings } from '../core/models/settings.ts';
import { SemanticService, type EmbeddingTuning, type ModelRuntimeFactory } from './semantic-service.ts';
import type { ChatEngine } from '../core/engine/types.ts';
import { calibratedFeatures, checkVerifier, judgeMethod, userCalibrations } from './judge-check.ts';
import type { ModelLocations } from '../core/models/transformers-cache.ts';
import { DexieVerdictCache, deleteCorpus, listCorpora, pendingPackFiles, saveCheck, saveCorpus, type ClaimLensDB, type StoredCorpus } from '../db.ts';
import { CorpusLibrary, chunkStore, type LoadedCorpus } from './corpus-library.ts';
import { PackInstaller, buildIndex } from './pack-installer.ts';
import type {
  Checker,
  CheckerEvent,
  CheckerState,
  CheckCallOptions,
  CheckOutcome,
  CheckProgress,
  ImportOutcome,
  JudgeChoice,
  LoadProgress,
  PackStatus,
  SemanticStatus,
} from '../core/checker.ts';
import type { BatchAction, BatchAnswer, BatchClaimRow, BatchCreate, BatchExportFormat, BatchExportOptions, BatchPage, BatchRun, BatchSideRef, BatchStats, Comparison, PairBy } from '../core/batch/types.ts';
import { BatchService, CachedChunkStore, type BatchCheckSetup, type BatchServiceDeps } from './batch-service.ts';
import type { BatchSettings } from '../core/batch/types.ts';

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
  /** How background embedding paces itself (the e2e build slows it down to stop it half-way). */
  embedding?: EmbeddingTuning;
  /** The engine a model judge chats through (the worker: the UI's engine, relayed). */
  judgeEngine?: (model: string) => ChatEngine;
  /**
   * How long a pack installed on first start waits before it is saved, unless
   * a check has finished before (default 1500 ms): saving competes with the
   * first check for the CPU, and that check is what the user waits for.
   */
  saveDelayMs?: number;
  /**
   * How often a batch run stores its finished answers and reports progress,
   * and (the e2e build, tests) a pause after each answer or a disk that fills
   * up after some flushes; see BatchServiceDeps.
   */
  batch?: Pick<BatchServiceDeps, 'flushMs' | 'flushAnswers' | 'progressMs' | 'answerDelayMs' | 'quotaAfterFlushes'>;
}

export class CheckerService implements Checker {
  private readonly db: ClaimLensDB;
  private readonly verifier: Verifier;
  private readonly judgeEngine: CheckerServiceDeps['judgeEngine'];
  /** The corpora checks search. */
  private readonly library: CorpusLibrary;
  private readonly packs: PackInstaller;
  /** Checks running now, and when the last one ended (performance.now()): background saving waits for them. */
  private readonly checks = { running: 0, lastEnd: -Infinity };
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
  /** Batch runs (src/app/batch-service.ts). */
  readonly batch: BatchService;

  constructor(deps: CheckerServiceDeps) {
    this.db = deps.db;
    this.verifier = deps.verifier;
    this.judgeEngine = deps.judgeEngine;
    this.packs = new PackInstaller(deps.db, deps.baseUrl, deps.fetch ?? ((...a) => fetch(...a)));
    this.library = new CorpusLibrary({
      db: deps.db,
      saveDelayMs: deps.saveDelayMs ?? 1500,
      checks: this.checks,
      emit: (e) => this.eventListeners.forEach((l) => l(e)),
      saved: async (corpus) => {
        await this.semantic?.corpusChanged(corpus);
      },
      saveFailed: (error) => (this.installError = error),
    });
    this.semantic = deps.models
      ? new SemanticService({
          db: deps.db,
          runtime: deps.models,
          locations: deps.modelLocations,
          corpora: () => listCorpora(this.db),
          emit: (status) => this.eventListeners.forEach((l) => l({ type: 'semantic', status })),
          embedding: deps.embedding,
        })
      : null;
    this.batch = new BatchService({
      db: deps.db,
      setup: (settings, signal) => this.batchSetup(settings, signal),
      busy: () => this.checks.running > 0,
      emit: (e) => this.eventListeners.forEach((l) => l(e)),
      ...deps.batch,
    });
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
      this.manifest = await this.packs.readManifest();
      this.manifestError = undefined;
    } catch (err) {
      // Offline before the pack was ever fetched: work with what is stored.
      this.manifest = [];
      this.manifestError = toErrorPayload(err);
    }
    const removed = await this.packs.removed();
    const stored = new Map((await listCorpora(this.db)).map((c) => [c.id, c]));
    // Packs whose saving a reload cut short: resumed from the saved pack file,
    // unless the manifest now lists another version (then installed anew).
    const pending = new Map((await pendingPackFiles(this.db)).map((f) => [f.id, f]));
    for (const pack of this.manifest) {
      if (removed.has(pack.id) || stored.get(pack.id)?.version === pack.meta.version) continue;
      const file = pending.get(pack.id);
      try {
        await this.library.activate(
          file?.version === pack.meta.version ? await this.packs.resume(file, onProgress) : await this.packs.download(pack, onProgress),
        );
      } catch (err) {
        // A pack that cannot be installed (no room, damaged download) must not
        // keep the corpora already stored from loading.
        this.installError = toErrorPayload(err);
      }
    }
    // Without a manifest (offline), a cut-short pack still resumes.
    for (const file of pending.values()) {
      if (this.library.has(file.id) || removed.has(file.id) || stored.get(file.id)?.version === file.version) continue;
      if (this.manifest.some((p) => p.id === file.id)) continue; // the manifest's version was installed above
      try {
        await this.library.activate(await this.packs.resume(file, onProgress));
      } catch (err) {
        // Reported in packError, like a pack that cannot be installed above.
        this.installError = toErrorPayload(err);
      }
    }
    for (const corpus of await listCorpora(this.db)) {
      if (!this.library.has(corpus.id)) await this.library.loadStored(corpus, onProgress);
    }
    // Models load and embedding resumes in the background; checks wait only for the models.
    await this.semantic?.init();
    // Batch runs cut short by a reload go on (in the background).
    void this.batch.resumeStored().catch(() => undefined);
    return this.state();
  }

  async check(
    answer: string,
    opts: CheckCallOptions & { signal?: AbortSignal },
    onProgress?: (p: CheckProgress) => void,
  ): Promise<CheckOutcome> {
    // The load, not the state after it: reading the corpus list would wait
    // behind a pack being saved in the background.
    await (this.ready ?? this.init());
    const corpora = this.library.searchable();
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
    this.checks.running++;
    try {
      return await this.runCheck(answer, opts, corpora, sparse, versions, onProgress);
    } finally {
      checkDone?.();
      this.checks.running--;
      this.checks.lastEnd = performance.now();
    }
  }

  private async runCheck(
    answer: string,
    opts: CheckCallOptions & { signal?: AbortSignal },
    corpora: LoadedCorpus[],
    sparse: Retriever,
    versions: Record<string, string>,
    onProgress?: (p: CheckProgress) => void,
  ): Promise<CheckOutcome> {
    const { semantic, retriever, retrieval, verifierMode, chosen } = await this.checkTools(corpora, sparse, opts.judge, opts.signal);
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
    const result = importFile(name, new Uint8Array(bytes), id, {
      onProgress: (done, total) => onProgress?.({ phase: 'download', corpus: id, name, done, total }),
    });
    const { meta, chunks } = corpusFromImport(result, {
      id,
      name,
      license: 'Your own file',
      description: `${result.documents} document${result.documents === 1 ? '' : 's'} imported from ${name}`,
    });
    const corpus: StoredCorpus = { ...meta, origin: 'import', file: name };
    const index = buildIndex(corpus, chunks, onProgress);
    await saveCorpus(this.db, { corpus, chunks, index: index.serialize() }, (stored, all) =>
      onProgress?.({ phase: 'store', corpus: id, name, done: stored, total: all }),
    );
    this.library.add(corpus, index);
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
    this.library.remove(corpusId);
    // Remember the choice so the next start does not install the pack again.
    if (stored.origin === 'pack') await this.packs.setRemoved(corpusId, true);
    return this.state();
  }

  async installPack(packId: string, onProgress?: (p: LoadProgress) => void): Promise<CheckerState> {
    await this.init();
    await this.whenSaved();
    if (!this.manifest.length) this.manifest = await this.packs.readManifest();
    const pack = this.manifest.find((p) => p.id === packId);
    if (!pack) throw new NotFoundError(`There is no evidence pack "${packId}".`);
    await this.library.activate(await this.packs.download(pack, onProgress));
    this.installError = undefined;
    await this.packs.setRemoved(packId, false);
    return this.state();
  }

  /** Resolves once every corpus being saved in the background is saved (or has failed). */
  whenSaved(): Promise<void> {
    return this.library.whenSaved();
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

  /**
   * What a check (or a batch run) retrieves and verifies with: semantic search
   * when it is on (hybrid over the embedded corpora, NLI + features), the
   * user's calibration, and the model judge when one is chosen.
   */
  private async checkTools(corpora: LoadedCorpus[], sparse: Retriever, judge: JudgeChoice | undefined, signal: AbortSignal | undefined) {
    const semantic = corpora.length ? await this.semantic?.forCheck(corpora.map((c) => c.meta)) : null;
    const { retriever, mode: retrieval } = semanticRetriever({
      sparse,
      dense: semantic?.dense ?? [],
      embedder: semantic?.embedder,
      embedderVersion: semantic?.embedderVersion,
    });
    const cals = await userCalibrations(this.db);
    const { verifier: offline, mode: verifierMode } = semanticVerifier(calibratedFeatures(this.verifier, cals), semantic?.nli);
    const chosen = checkVerifier({ offline, judge, engine: this.judgeEngine, cals, signal });
    return { semantic, retriever, retrieval, verifierMode, chosen };
  }

  /**
   * What a batch run checks with (BatchService): the corpora it chose (all
   * when none), their retriever (chunks read once and kept), the verifier a
   * check would use now (semantic search, the user's calibration, a judge)
   * and the method line of its reports.
   */
  private async batchSetup(settings: BatchSettings, signal: AbortSignal): Promise<BatchCheckSetup> {
    await (this.ready ?? this.init());
    const want = settings.corpora.length ? new Set(settings.corpora) : null;
    const corpora = this.library.searchable().filter((c) => !want || want.has(c.meta.id));
    if (want && corpora.length < want.size) {
      const missing = [...want].filter((id) => !corpora.some((c) => c.meta.id === id));
      throw new NotFoundError(`The corpus ${missing.join(', ')} chosen for this run is not installed any more.`);
    }
    const retrievers: Retriever[] = corpora.map((c) => new BM25Retriever(c.index, new CachedChunkStore(chunkStore(this.db, c)), c.meta.id));
    const sparse = retrievers.length === 1 ? retrievers[0] : new MultiRetriever(retrievers);
    const versions = Object.fromEntries(corpora.map((c) => [c.meta.id, c.meta.version]));
    const { semantic, retriever, retrieval, verifierMode, chosen } = await this.checkTools(
      corpora,
      sparse,
      settings.verifier === 'judge' ? settings.judge : undefined,
      signal,
    );
    return {
      retriever: corpora.length ? retriever : null,
      corpora: versions,
      verifier: chosen.verifier,
      method: (report, given) =>
        judgeMethod(
          checkMethod({
            retrieval: given ? 'bm25' : retrieval,
            verifier: verifierMode,
            embedder: given ? undefined : semantic?.embedder?.id,
            denseCorpora: given ? undefined : semantic?.dense.map((d) => d.corpus),
            nli: semantic?.nli?.id,
            note: semantic?.note,
          }),
          chosen,
          report.stats.judgeFallbacks,
        ),
    };
  }

  createBatch(input: BatchCreate): Promise<BatchRun> {
    return this.batch.create(input);
  }

  batchControl(runId: string, action: BatchAction): Promise<BatchRun> {
    return this.batch.control(runId, action);
  }

  listBatches(): Promise<BatchRun[]> {
    return this.batch.list();
  }

  batchAnswers(runId: string, page?: BatchPage): Promise<BatchAnswer[]> {
    return this.batch.answers(runId, page);
  }

  batchClaims(runId: string, page?: BatchPage): Promise<BatchClaimRow[]> {
    return this.batch.claims(runId, page);
  }

  deleteBatch(runId: string): Promise<void> {
    return this.batch.delete(runId);
  }

  batchStats(runId: string, by?: string): Promise<BatchStats> {
    return this.batch.stats(runId, by);
  }

  batchCompare(a: BatchSideRef, b: BatchSideRef, by?: PairBy): Promise<Comparison> {
    return this.batch.compare(a, b, by);
  }

  batchExport(runId: string, format: BatchExportFormat, opts?: BatchExportOptions): Promise<string> {
    return this.batch.export(runId, format, opts);
  }

  private async state(): Promise<CheckerState> {
    const corpora = await listCorpora(this.db);
    // Corpora still being saved are listed as they are searched: from memory.
    const saving = this.library.beingSaved();
    for (const meta of saving) {
      const at = corpora.findIndex((c) => c.id === meta.id);
      if (at >= 0) corpora[at] = meta;
      else corpora.push(meta);
    }
    sortCorpora(corpora);
    const removed = await this.packs.removed();
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
    return { corpora, packs, maxAnswerChars: MAX_ANSWER_CHARS, packError, ...(saving.length ? { saving: saving.map((c) => c.id) } : {}) };
  }
}

/** Built-in packs first, then imports by name (as listCorpora). */
function sortCorpora(corpora: StoredCorpus[]): void {
  corpora.sort((a, b) => (a.origin === b.origin ? a.name.localeCompare(b.name) : a.origin === 'pack' ? -1 : 1));
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
