// Semantic search for the CLI (Node only): the embedding and NLI models from a
// local model folder (public/models by default: the same folder the app
// serves as its mirror; the test models under fixtures/ when the real ones
// are not there), and the vectors of each corpus, embedded once with the same
// job the app runs and kept in .cache/vectors.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { CATALOG, catalogEntry } from '../core/models/catalog.ts';
import { embedderVersion } from '../core/models/settings.ts';
import { runEmbeddingJob, memorySource } from '../core/embedding/job.ts';
import { FlatIndex, type VectorBlockRecord, type VectorPersistence, type VectorSetRecord } from '../core/vector/index.ts';
import { MemoryChunkStore } from '../core/retrieval/index.ts';
import type { FusionMethod } from '../core/retrieval/hybrid.ts';
import type { DenseCorpus, RetrievalMode, VerifierMode } from '../core/semantic.ts';
import type { TransformersEmbedder, TransformersNLIModel } from '../app/models/transformers-runner.ts';
import { DEFAULT_MODELS_DIR, loadNodeEmbedder, loadNodeNLIModel } from './model-runtime.ts';
import { PROJECT_ROOT, type LoadedCorpus } from './corpus.ts';

export const VECTOR_CACHE = join(PROJECT_ROOT, '.cache/vectors');

/** The test models (scripts/build-fixtures.ts), used when the real ones are not in the model folder. */
const FIXTURES = { embedder: 'fixtures/claimlens-fixture-minilm', nli: 'fixtures/claimlens-fixture-nli' } as const;

export interface CliSemanticOptions {
  retrieval: RetrievalMode;
  fusion?: FusionMethod;
  verifier: VerifierMode;
  /** Folder with one sub-folder per model id (default public/models). */
  modelsDir?: string;
  /** Model ids; default: the catalog's defaults when they are in the folder, else the test models. */
  embedder?: string;
  nli?: string;
  log?: (line: string) => void;
}

export interface CliSemantic {
  embedder?: TransformersEmbedder;
  nli?: TransformersNLIModel;
  embedderVersion?: string;
  /** Models that are the random-weight test models: their figures are a smoke test only. */
  fixtures: string[];
  /** The vector index of a corpus, embedding it first when the cache does not have it. */
  dense(corpus: LoadedCorpus): Promise<DenseCorpus>;
  dispose(): Promise<void>;
}

/** A model is usable from a folder when its config and at least one ONNX weight file are there. */
export function hasModel(dir: string, id: string): boolean {
  const onnx = join(dir, id, 'onnx');
  return existsSync(join(dir, id, 'config.json')) && existsSync(onnx) && readdirSync(onnx).some((f) => f.endsWith('.onnx'));
}

/** The model to use for a role: asked for, else the real default when present, else the test model. */
export function pickModel(dir: string, role: 'embedder' | 'nli', asked?: string): string {
  if (asked) return catalogEntry(asked).id;
  const real = role === 'embedder' ? CATALOG.defaults.embedder : CATALOG.defaults.nli;
  return hasModel(dir, real) ? real : FIXTURES[role];
}

/** Vector sets kept in one file per set (v8-serialized), written whole after each save. */
export class FileVectorPersistence implements VectorPersistence {
  private readonly sets = new Map<string, VectorSetRecord>();
  private readonly blocks = new Map<string, Map<number, VectorBlockRecord>>();

  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, `${key.replace(/[^\w.@-]+/g, '_')}.vectors`);
  }

  private load(key: string): void {
    if (this.sets.has(key)) return;
    const f = this.file(key);
    if (!existsSync(f)) return;
    try {
      const { set, blocks } = deserialize(readFileSync(f)) as { set: VectorSetRecord; blocks: VectorBlockRecord[] };
      this.sets.set(key, set);
      this.blocks.set(key, new Map(blocks.map((b) => [b.block, b])));
    } catch {
      // An unreadable cache file is embedded again.
    }
  }

  async getSet(key: string): Promise<VectorSetRecord | undefined> {
    this.load(key);
    return this.sets.get(key);
  }

  async getBlock(key: string, block: number): Promise<VectorBlockRecord | undefined> {
    this.load(key);
    return this.blocks.get(key)?.get(block);
  }

  async write(set: VectorSetRecord, blocks: VectorBlockRecord[]): Promise<void> {
    this.load(set.key);
    const m = this.blocks.get(set.key) ?? new Map<number, VectorBlockRecord>();
    for (const b of blocks) m.set(b.block, b);
    for (const n of [...m.keys()]) if (n >= set.blockCount) m.delete(n);
    this.blocks.set(set.key, m);
    this.sets.set(set.key, set);
    try {
      mkdirSync(this.dir, { recursive: true });
      const f = this.file(set.key);
      writeFileSync(`${f}.tmp`, serialize({ set, blocks: [...m.values()] }));
      renameSync(`${f}.tmp`, f);
    } catch {
      // A read-only checkout still works; it embeds again next time.
    }
  }

  async deleteSet(key: string): Promise<void> {
    this.sets.delete(key);
    this.blocks.delete(key);
  }
}

export async function loadCliSemantic(o: CliSemanticOptions): Promise<CliSemantic> {
  const dir = o.modelsDir ?? DEFAULT_MODELS_DIR;
  const log = o.log ?? (() => {});
  const out: CliSemantic = {
    fixtures: [],
    dense: async () => {
      throw new Error('No embedding model is loaded.');
    },
    dispose: async () => {
      await out.embedder?.dispose();
      await out.nli?.dispose();
    },
  };
  if (o.retrieval !== 'bm25') {
    const id = pickModel(dir, 'embedder', o.embedder);
    out.embedder = await loadNodeEmbedder(id, { modelsDir: dir });
    out.embedderVersion = embedderVersion(catalogEntry(id));
    if (catalogEntry(id).source === 'fixture') out.fixtures.push(id);
    log(`embedding model: ${id} (${out.embedder.placement.device}/${out.embedder.placement.dtype})`);
    const persistence = new FileVectorPersistence(VECTOR_CACHE);
    const indexes = new Map<string, DenseCorpus>();
    out.dense = async (corpus) => {
      const key = `${corpus.meta.id}@${corpus.meta.version}`;
      const have = indexes.get(key);
      if (have) return have;
      const t0 = performance.now();
      const result = await runEmbeddingJob({
        corpus: corpus.meta.id,
        model: out.embedderVersion!,
        embedder: out.embedder!,
        persistence,
        source: memorySource(corpus.chunks),
        saveEveryMs: 30_000,
      });
      if (result.embedded) {
        log(`embedded ${result.embedded} chunks of ${corpus.meta.id} in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${VECTOR_CACHE})`);
      }
      const d: DenseCorpus = { corpus: corpus.meta.id, index: result.index ?? new FlatIndex(result.store), chunks: new MemoryChunkStore(corpus.chunks) };
      indexes.set(key, d);
      return d;
    };
  }
  if (o.verifier !== 'features') {
    const id = pickModel(dir, 'nli', o.nli);
    out.nli = await loadNodeNLIModel(id, { modelsDir: dir });
    if (catalogEntry(id).source === 'fixture') out.fixtures.push(id);
    log(`NLI model: ${id} (${out.nli.placement.device}/${out.nli.placement.dtype})`);
  }
  return out;
}
