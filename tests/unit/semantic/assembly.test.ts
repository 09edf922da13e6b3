// What a check retrieves and verifies with: BM25 / dense / hybrid retrievers
// and features / NLI / combined verifiers built by src/core/semantic.ts, their
// versions in verdict cache keys, the per-verifier parts in results, and the
// settings validation.
import { describe, expect, it } from 'vitest';
import { semanticRetriever, semanticVerifier, queryEmbedder, checkMethod } from '../../../src/core/semantic.ts';
import { BM25Retriever, MemoryChunkStore, buildChunkIndex } from '../../../src/core/retrieval/index.ts';
import { FlatIndex, VectorStore } from '../../../src/core/vector/index.ts';
import { cacheKey, verifyClaims, MemoryVerdictCache } from '../../../src/core/check.ts';
import { createFeatureVerifier } from '../../../src/core/verify/feature-verifier.ts';
import { semanticSettings, embedderVersion } from '../../../src/core/models/settings.ts';
import { catalogEntry } from '../../../src/core/models/catalog.ts';
import type { Embedder, NLIModel, NLIPair } from '../../../src/core/models/types.ts';
import type { Chunk } from '../../../src/core/types.ts';

const texts = [
  'Aspirin lowers the risk of a second heart attack.',
  'Vitamin D deficiency causes rickets in children.',
  'Metformin treats type 2 diabetes.',
];
const chunks: Chunk[] = texts.map((text, i) => ({ id: `c${i}`, corpus: 'notes', doc: `d${i}`, title: '', source: 's', text, sentences: [[0, text.length]], offset: 0 }));

/** One-hot vectors by topic word, so dense results are predictable. */
class TopicEmbedder implements Embedder {
  readonly id = 'topic';
  readonly dim = 3;
  calls: string[][] = [];
  async embed(ts: string[]): Promise<Float32Array[]> {
    this.calls.push(ts);
    return ts.map((t) => Float32Array.from([/aspirin|heart/i.test(t) ? 1 : 0, /vitamin|rickets|bone/i.test(t) ? 1 : 0, /metformin|diabet|sugar/i.test(t) ? 1 : 0.01]));
  }
}

class EchoNLI implements NLIModel {
  readonly id = 'echo-nli';
  async classify(pairs: NLIPair[]) {
    return pairs.map((p) =>
      p.premise.toLowerCase().includes(p.hypothesis.toLowerCase().replace(/\.$/, ''))
        ? { entailment: 0.9, contradiction: 0.05, neutral: 0.05 }
        : { entailment: 0.05, contradiction: 0.05, neutral: 0.9 },
    );
  }
}

async function parts() {
  const embedder = new TopicEmbedder();
  const store = new VectorStore({ corpus: 'notes', model: 'topic@1', dim: 3, precision: 'f32' });
  const vs = await embedder.embed(texts);
  vs.forEach((v, i) => {
    const n = Math.hypot(...v);
    store.upsert(`c${i}`, v.map((x) => x / n), `h${i}`);
  });
  const sparse = new BM25Retriever(buildChunkIndex(chunks), new MemoryChunkStore(chunks), 'notes');
  return { embedder, sparse, dense: [{ corpus: 'notes', index: new FlatIndex(store), chunks: new MemoryChunkStore(chunks) }] };
}

describe('semantic retriever', () => {
  it('dense finds by meaning what BM25 cannot (no shared word); hybrid keeps both', async () => {
    const p = await parts();
    const query = 'Which drug lowers blood sugar?';
    expect((await p.sparse.search(query, 3)).map((s) => s.chunk.id)).not.toContain('c2');
    const dense = semanticRetriever({ ...p, mode: 'dense', embedderVersion: 'topic@1' });
    expect(dense.mode).toBe('dense');
    expect((await dense.retriever.search(query, 1))[0].chunk.id).toBe('c2');
    const hybrid = semanticRetriever({ ...p, embedderVersion: 'topic@1' });
    expect(hybrid.mode).toBe('hybrid');
    expect((await hybrid.retriever.search(query, 3)).map((s) => s.chunk.id)).toContain('c2');
  });

  it('is plain BM25 when nothing is embedded or no embedder is loaded', async () => {
    const p = await parts();
    expect(semanticRetriever({ ...p, dense: [] }).retriever).toBe(p.sparse);
    expect(semanticRetriever({ ...p, embedder: undefined }).mode).toBe('bm25');
  });

  it('embeds each query once per check, with the query prefix side', async () => {
    const embedder = new TopicEmbedder();
    const kinds: unknown[] = [];
    const spy: Embedder = { id: 'spy', dim: 3, embed: (t, o) => (kinds.push(o?.kind), embedder.embed(t)) };
    const q = queryEmbedder(spy);
    await Promise.all([q('aspirin'), q('aspirin'), q('rickets')]);
    expect(embedder.calls).toEqual([['aspirin'], ['rickets']]);
    expect(kinds).toEqual(['query', 'query']);
  });
});

describe('verdict cache keys', () => {
  it('differ between BM25, hybrid and dense retrieval, and between verifiers, for the same claim', async () => {
    const p = await parts();
    const features = createFeatureVerifier();
    const combined = semanticVerifier(features, new EchoNLI()).verifier;
    const corpora = { notes: 'v1' };
    const keys = new Set(
      [
        { retriever: p.sparse, verifier: features },
        { retriever: semanticRetriever({ ...p, embedderVersion: 'topic@1' }).retriever, verifier: features },
        { retriever: semanticRetriever({ ...p, embedderVersion: 'topic@2' }).retriever, verifier: features },
        { retriever: semanticRetriever({ ...p, embedderVersion: 'topic@1', fusion: 'weighted' }).retriever, verifier: features },
        { retriever: semanticRetriever({ ...p, embedderVersion: 'topic@1', mode: 'dense' }).retriever, verifier: features },
        { retriever: p.sparse, verifier: combined },
      ].map((d) => cacheKey('Aspirin lowers heart attack risk.', { ...d, corpora }, 5)),
    );
    expect(keys.size).toBe(6);
  });

  it('a cached BM25 verdict is not reused once hybrid retrieval and NLI are on', async () => {
    const p = await parts();
    const cache = new MemoryVerdictCache();
    const corpora = { notes: 'v1' };
    const features = createFeatureVerifier();
    const claim = [{ text: texts[0] }];
    await verifyClaims(claim, { retriever: p.sparse, verifier: features, corpora, cache });
    expect((await verifyClaims(claim, { retriever: p.sparse, verifier: features, corpora, cache }))[0].cached).toBe(true);
    const hybrid = semanticRetriever({ ...p, embedderVersion: 'topic@1' }).retriever;
    const combined = semanticVerifier(features, new EchoNLI()).verifier;
    const [fresh] = await verifyClaims(claim, { retriever: hybrid, verifier: combined, corpora, cache });
    expect(fresh.cached).toBeUndefined();
    expect(fresh.verifiers?.map((v) => v.name)).toEqual(['nli', 'features-lr']);
    expect(fresh.verifiers?.[0]).toMatchObject({ verdict: 'supported', weight: 0.6 });
  });
});

describe('semantic verifier and method', () => {
  it('features alone without an NLI model; NLI alone or combined when asked', () => {
    const features = createFeatureVerifier();
    expect(semanticVerifier(features, undefined).mode).toBe('features');
    expect(semanticVerifier(features, new EchoNLI(), 'nli').verifier.name).toBe('nli');
    expect(semanticVerifier(features, new EchoNLI()).verifier.name).toBe('nli+features-lr');
  });

  it('describes only what was used', () => {
    expect(checkMethod({ retrieval: 'bm25', verifier: 'features', embedder: 'e', nli: 'n' })).toEqual({ retrieval: 'bm25', verifier: 'features' });
    expect(checkMethod({ retrieval: 'hybrid', verifier: 'combined', embedder: 'e', denseCorpora: ['a'], nli: 'n' })).toEqual({
      retrieval: 'hybrid',
      fusion: 'rrf',
      embedder: 'e',
      denseCorpora: ['a'],
      verifier: 'nli+features',
      nli: 'n',
    });
  });
});

describe('semantic settings', () => {
  it('defaults to MiniLM, DeBERTa NLI, the app mirror, off', () => {
    expect(semanticSettings(undefined)).toEqual({
      enabled: false,
      embedder: 'Xenova/all-MiniLM-L6-v2',
      nli: 'Xenova/nli-deberta-v3-xsmall',
      source: 'mirror',
      hubUrl: 'https://huggingface.co',
      device: 'auto',
    });
  });

  it('refuses unknown or wrong-task models and bad sources by name', () => {
    expect(() => semanticSettings(undefined, { embedder: 'nope/model' })).toThrow(/No model "nope\/model"/);
    expect(() => semanticSettings(undefined, { embedder: 'Xenova/nli-deberta-v3-xsmall' })).toThrow(/not an embedding model/);
    expect(() => semanticSettings(undefined, { nli: 'Xenova/all-MiniLM-L6-v2' })).toThrow(/not an NLI model/);
    expect(() => semanticSettings(undefined, { hubUrl: 'ftp://x' })).toThrow(/http\(s\) URL/);
  });

  it('gives each embedding model and revision its own vector version', () => {
    expect(embedderVersion(catalogEntry('Xenova/all-MiniLM-L6-v2'))).toBe('Xenova/all-MiniLM-L6-v2@main');
    expect(embedderVersion(catalogEntry('Xenova/multilingual-e5-small'))).toBe('Xenova/multilingual-e5-small@main');
    expect(embedderVersion(catalogEntry('fixtures/claimlens-fixture-minilm'))).toBe('fixtures/claimlens-fixture-minilm@fixture');
  });
});
