// THROWAWAY SHIM — deleted before the branch is finished. Stands in for the
// core modules (claims, evidence, retrieval, verify, pipeline) until they land
// on main, with the signatures the lead announced.
import type { Chunk, Claim, ClaimResult, CorpusMeta, ImportResult, Report, ScoredChunk, Span } from '../core/types.ts';
import type { ChunkStore, Retriever } from '../core/retrieval/types.ts';
import type { Verifier, VerifierInput, VerifierOutput } from '../core/verify/types.ts';
import { sentenceSpans } from '../core/text/sentences.ts';
import { terms } from '../core/text/tokenize.ts';
import { BinaryFileError, EmptyCorpusError, EmptyInputError, InputTooLargeError, MalformedFileError } from '../core/errors.ts';

export const MAX_ANSWER_CHARS = 200_000;

export function splitThinking(text: string): { answer: string; thinking: string; thinkStart: number; thinkEnd: number } {
  const m = /<think>[\s\S]*?(<\/think>|$)/i.exec(text);
  if (!m) return { answer: text, thinking: '', thinkStart: -1, thinkEnd: -1 };
  return { answer: text.slice(0, m.index) + text.slice(m.index + m[0].length), thinking: m[0], thinkStart: m.index, thinkEnd: m.index + m[0].length };
}

export function splitClaims(answer: string, opts: { checkReasoning?: boolean } = {}): Claim[] {
  const t = splitThinking(answer);
  return sentenceSpans(answer)
    .filter(([s, e]) => !/^<\/?think>$/.test(answer.slice(s, e)))
    .map(([s, e]): Claim => ({ text: answer.slice(s, e).replace(/<\/?think>/g, ''), start: s, end: e, sentenceStart: s, sentenceEnd: e, part: t.thinkStart >= 0 && s >= t.thinkStart && e <= t.thinkEnd ? 'reasoning' : 'answer' }))
    .filter((c) => opts.checkReasoning || c.part === 'answer');
}

export interface EvidencePack { format: string; formatVersion: number; meta: CorpusMeta; chunks: Chunk[] }
export function decodePack(bytes: Uint8Array): EvidencePack {
  return JSON.parse(new TextDecoder().decode(bytes)) as EvidencePack;
}

export function importFile(name: string, bytes: Uint8Array, corpusId: string, _onProgress?: (done: number, total: number) => void): ImportResult {
  if (bytes.includes(0)) throw new BinaryFileError(`${name} looks like a binary file, not text.`);
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { throw new BinaryFileError(`${name} is not UTF-8 text.`); }
  if (/\.jsonl?$/.test(name)) { try { text.split('\n').filter(Boolean).forEach((l) => JSON.parse(l)); } catch { throw new MalformedFileError(`${name}: not valid JSON lines.`); } }
  const spans = sentenceSpans(text);
  const chunks: Chunk[] = [];
  for (let i = 0; i < spans.length; i += 3) {
    const g = spans.slice(i, i + 3); const s0 = g[0][0];
    chunks.push({ id: `${name}#${i / 3}`, corpus: corpusId, doc: name, title: name, source: name, text: text.slice(s0, g[g.length - 1][1]), sentences: g.map(([a, b]): Span => [a - s0, b - s0]), offset: s0 });
  }
  return { chunks, documents: 1, skippedEmpty: 0, issues: [] };
}

export function corpusFromImport(result: ImportResult, m: { id: string; name: string; license: string; attribution?: string; description?: string }): { meta: CorpusMeta; chunks: Chunk[] } {
  if (!result.chunks.length) throw new EmptyCorpusError('The file has no text to use as evidence.');
  return { meta: { ...m, version: `v${Date.now()}`, chunks: result.chunks.length, bytes: result.chunks.reduce((a, c) => a + c.text.length, 0), createdAt: new Date().toISOString() }, chunks: result.chunks };
}

export interface SerializedBM25 { ids: string[]; postings: Map<string, Int32Array>; lengths: Float32Array }
export class BM25Index {
  private constructor(private s: SerializedBM25) {}
  get size() { return this.s.ids.length; }
  static build(docs: { id: string; text: string }[], onProgress?: (d: number, t: number) => void): BM25Index {
    const post = new Map<string, number[]>(); const lengths = new Float32Array(docs.length);
    docs.forEach((d, i) => { const ts = terms(d.text); lengths[i] = ts.length; for (const t of new Set(ts)) { let p = post.get(t); if (!p) post.set(t, (p = [])); p.push(i); } if (i % 5000 === 0) onProgress?.(i, docs.length); });
    onProgress?.(docs.length, docs.length);
    return new BM25Index({ ids: docs.map((d) => d.id), postings: new Map([...post].map(([k, v]) => [k, Int32Array.from(v)])), lengths });
  }
  search(query: string, k: number): { id: string; score: number }[] {
    const scores = new Map<number, number>(); const N = this.s.ids.length;
    for (const t of new Set(terms(query))) { const p = this.s.postings.get(t); if (!p) continue; const idf = Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5)); for (const i of p) scores.set(i, (scores.get(i) ?? 0) + idf / (0.5 + this.s.lengths[i] / 60)); }
    return [...scores].sort((a, b) => b[1] - a[1]).slice(0, k).map(([i, score]) => ({ id: this.s.ids[i], score }));
  }
  serialize(): SerializedBM25 { return this.s; }
  static deserialize(s: SerializedBM25): BM25Index { return new BM25Index(s); }
}

export class BM25Retriever implements Retriever {
  readonly name = 'bm25';
  constructor(private index: BM25Index, private store: ChunkStore, readonly corpusId: string) {}
  async search(query: string, k: number): Promise<ScoredChunk[]> {
    const hits = this.index.search(query, k); const chunks = await this.store.getChunks(hits.map((h) => h.id));
    const byId = new Map(chunks.map((c) => [c.id, c])); return hits.filter((h) => byId.has(h.id)).map((h) => ({ chunk: byId.get(h.id)!, score: h.score }));
  }
}
export class MultiRetriever implements Retriever {
  readonly name = 'multi';
  constructor(private rs: Retriever[]) {}
  async search(query: string, k: number): Promise<ScoredChunk[]> {
    return (await Promise.all(this.rs.map((r) => r.search(query, k)))).flat().sort((a, b) => b.score - a.score).slice(0, k);
  }
}

export function createFeatureVerifier(): Verifier {
  return {
    name: 'shim', version: 'shim-1',
    async verify(inputs: VerifierInput[]): Promise<VerifierOutput[]> {
      return inputs.map((inp) => {
        const ct = new Set(terms(inp.claim)); let best = -1; let bestOv = 0;
        inp.evidence.forEach((e, i) => { const et = new Set(terms(e.sentence)); const ov = [...ct].filter((t) => et.has(t)).length / Math.max(1, ct.size); if (ov > bestOv) { bestOv = ov; best = i; } });
        if (best < 0 || bestOv < 0.6) return { verdict: 'unverifiable', confidence: 0.6, probabilities: { supported: 0.2, contradicted: 0.2, unverifiable: 0.6 }, evidenceIndex: best };
        const neg = (s: string) => /\b(not|no|never|cannot)\b/i.test(s);
        const contra = neg(inp.claim) !== neg(inp.evidence[best].sentence);
        return contra ? { verdict: 'contradicted', confidence: bestOv, probabilities: { supported: 0.1, contradicted: bestOv, unverifiable: 0.9 - bestOv }, evidenceIndex: best }
          : { verdict: 'supported', confidence: bestOv, probabilities: { supported: bestOv, contradicted: 0.1, unverifiable: 0.9 - bestOv }, evidenceIndex: best };
      });
    },
  };
}

export interface VerdictCache { get(key: string): Promise<ClaimResult | undefined>; set(key: string, value: ClaimResult): Promise<void> }

export async function checkAnswer(answer: string, deps: { retriever: Retriever; verifier: Verifier; cache?: VerdictCache; corpora: Record<string, string> }, opts: { k?: number; evidencePerClaim?: number; checkReasoning?: boolean; signal?: AbortSignal; onProgress?: (d: number, t: number) => void } = {}): Promise<Report> {
  const t0 = performance.now();
  if (answer.length > MAX_ANSWER_CHARS) throw new InputTooLargeError(`The answer is ${answer.length.toLocaleString('en')} characters long; the limit is ${MAX_ANSWER_CHARS.toLocaleString('en')} characters. Check it in parts.`);
  if (!answer.trim()) throw new EmptyInputError('There is no text to check. Paste an answer first.');
  if (!Object.keys(deps.corpora).length) throw new EmptyCorpusError('No evidence corpus is loaded.');
  const claims = splitClaims(answer, { checkReasoning: opts.checkReasoning });
  if (!claims.length) throw new EmptyInputError('No checkable claims were found in the text.');
  const results: ClaimResult[] = [];
  for (const [i, c] of claims.entries()) {
    opts.signal?.throwIfAborted();
    const key = `${c.text}|${JSON.stringify(deps.corpora)}|${deps.verifier.version}`;
    const hit = await deps.cache?.get(key);
    if (hit) { results.push({ ...hit, start: c.start, end: c.end, cached: true }); opts.onProgress?.(i + 1, claims.length); continue; }
    const scored = await deps.retriever.search(c.text, opts.k ?? 8);
    const cands = scored.map((s, rank) => { const [a, b] = s.chunk.sentences.map((sp) => sp).sort((x, y) => { const ct = new Set(terms(c.text)); const ov = (sp: Span) => terms(s.chunk.text.slice(sp[0], sp[1])).filter((t) => ct.has(t)).length; return ov(y) - ov(x); })[0] ?? [0, s.chunk.text.length]; return { sentence: s.chunk.text.slice(a, b), passage: s.chunk.text, score: s.score, rank, span: [a, b] as Span, chunk: s.chunk }; });
    const [out] = await deps.verifier.verify([{ claim: c.text, evidence: cands }]);
    const order = out.evidenceIndex >= 0 ? [cands[out.evidenceIndex], ...cands.filter((_, j) => j !== out.evidenceIndex)] : cands;
    const r: ClaimResult = { text: c.text, start: c.start, end: c.end, part: c.part, verdict: out.verdict, confidence: out.confidence, probabilities: out.probabilities, evidence: order.slice(0, opts.evidencePerClaim ?? 3).map((e) => ({ corpus: e.chunk.corpus, chunkId: e.chunk.id, source: e.chunk.source, title: e.chunk.title, url: e.chunk.url, passage: e.passage, sentence: e.sentence, sentenceStart: e.span[0], sentenceEnd: e.span[1], score: e.score })) };
    await deps.cache?.set(key, r); results.push(r); opts.onProgress?.(i + 1, claims.length);
  }
  const n = (v: string) => results.filter((r) => r.verdict === v).length;
  return { claims: results, stats: { claims: results.length, supported: n('supported'), contradicted: n('contradicted'), unverifiable: n('unverifiable'), hallucination_rate: results.length ? n('contradicted') / results.length : 0, ms: Math.round(performance.now() - t0) }, corpora: deps.corpora, verifier: deps.verifier.version };
}
