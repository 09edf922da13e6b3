// Assembles what a check retrieves and verifies with when semantic search is
// on: BM25 fused with dense retrieval over each embedded corpus, and an NLI
// model combined with the lexical feature verifier. The checker worker and
// the CLI build their checks through here, with the settings in
// verify/semantic-config.json.
import type { ChunkStore, Retriever } from './retrieval/types.ts';
import { MultiRetriever } from './retrieval/index.ts';
import { DenseRetriever, HybridRetriever, type FusionMethod, type QueryEmbedder } from './retrieval/hybrid.ts';
import type { VectorIndex } from './vector/types.ts';
import type { Embedder, NLIModel } from './models/types.ts';
import type { Verifier } from './verify/types.ts';
import { NLIVerifier } from './verify/nli-verifier.ts';
import { CombinedVerifier } from './verify/combine.ts';
import type { CheckMethod } from './types.ts';
import config from './verify/semantic-config.json' with { type: 'json' };

export interface SemanticConfig {
  fusion: FusionMethod;
  rrfK: number;
  weights: { sparse: number; dense: number };
  nliTopK: number;
  verifierWeights: { nli: number; features: number };
}

export const SEMANTIC_CONFIG: SemanticConfig = config as SemanticConfig;

export type RetrievalMode = 'bm25' | 'dense' | 'hybrid';
export type VerifierMode = 'features' | 'nli' | 'combined';

/** Embeds each distinct query once per check (several corpora ask for the same claim). */
export function queryEmbedder(embedder: Embedder, memo = new Map<string, Promise<Float32Array>>()): QueryEmbedder {
  return (text) => {
    let v = memo.get(text);
    if (!v) {
      v = embedder.embed([text], { kind: 'query' }).then((r) => r[0]);
      memo.set(text, v);
      // A failed embedding is not remembered: the next claim may try again.
      v.catch(() => memo.delete(text));
    }
    return v;
  };
}

/** One embedded corpus: its vector index and where its chunk texts are. */
export interface DenseCorpus {
  corpus: string;
  index: VectorIndex;
  chunks: ChunkStore;
}

export interface RetrieverParts {
  /** BM25 over every corpus. */
  sparse: Retriever;
  /** Embedded corpora (may be fewer than all). */
  dense: DenseCorpus[];
  embedder?: Embedder;
  /** Embedding model version key (cache keys). */
  embedderVersion?: string;
  mode?: RetrievalMode;
  fusion?: FusionMethod;
  config?: SemanticConfig;
}

/** BM25, dense or hybrid retrieval; falls back to BM25 when nothing is embedded. */
export function semanticRetriever(p: RetrieverParts): { retriever: Retriever; mode: RetrievalMode } {
  const mode = p.mode ?? 'hybrid';
  const cfg = p.config ?? SEMANTIC_CONFIG;
  if (mode === 'bm25' || !p.embedder || p.dense.length === 0) return { retriever: p.sparse, mode: 'bm25' };
  const embedQuery = queryEmbedder(p.embedder);
  const model = p.embedderVersion ?? p.embedder.id;
  const parts = [...p.dense]
    .sort((a, b) => (a.corpus < b.corpus ? -1 : 1))
    .map((d) => new DenseRetriever({ embedQuery, index: d.index, chunks: d.chunks, version: `dense@${model}:${d.corpus}` }));
  const dense = parts.length === 1 ? parts[0] : new MultiRetriever(parts);
  if (mode === 'dense') return { retriever: dense, mode };
  const retriever = new HybridRetriever({
    sparse: p.sparse,
    dense,
    method: p.fusion ?? cfg.fusion,
    rrfK: cfg.rrfK,
    weights: cfg.weights,
  });
  return { retriever, mode };
}

/** Features alone, NLI alone, or both combined (weights from the config). */
export function semanticVerifier(
  features: Verifier,
  nli: NLIModel | undefined,
  mode: VerifierMode = 'combined',
  config: SemanticConfig = SEMANTIC_CONFIG,
): { verifier: Verifier; mode: VerifierMode } {
  if (mode === 'features' || !nli) return { verifier: features, mode: 'features' };
  const nliVerifier = new NLIVerifier(nli, { topK: config.nliTopK });
  if (mode === 'nli') return { verifier: nliVerifier, mode };
  return {
    verifier: new CombinedVerifier([
      { verifier: nliVerifier, weight: config.verifierWeights.nli },
      { verifier: features, weight: config.verifierWeights.features },
    ]),
    mode,
  };
}

/** The report's description of the method. */
export function checkMethod(o: {
  retrieval: RetrievalMode;
  verifier: VerifierMode;
  fusion?: FusionMethod;
  embedder?: string;
  denseCorpora?: string[];
  nli?: string;
  placements?: CheckMethod['placements'];
  note?: string;
}): CheckMethod {
  const m: CheckMethod = {
    retrieval: o.retrieval,
    verifier: o.verifier === 'combined' ? 'nli+features' : o.verifier,
  };
  if (o.retrieval !== 'bm25') {
    if (o.retrieval === 'hybrid') m.fusion = o.fusion ?? SEMANTIC_CONFIG.fusion;
    m.embedder = o.embedder;
    m.denseCorpora = o.denseCorpora;
  }
  if (o.verifier !== 'features') m.nli = o.nli;
  if (o.placements && Object.keys(o.placements).length) m.placements = o.placements;
  if (o.note) m.note = o.note;
  return m;
}
