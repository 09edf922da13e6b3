// Claim-level checking: claims → evidence → verdicts. The answer-level
// pipeline (pipeline.ts) and the evaluation harness both go through here.
import type { ClaimResult, Evidence, ScoredChunk } from './types.ts';
import type { Retriever } from './retrieval/types.ts';
import type { EvidenceCandidate, Verifier } from './verify/types.ts';
import { sentenceAligner, type EntityNames } from './retrieval/sentence.ts';
import { dedupePassages } from './retrieval/rerank.ts';
import { AbortedError } from './errors.ts';

/** Verdict cache (IndexedDB in the app, memory in Node). */
export interface VerdictCache {
  get(key: string): Promise<ClaimResult | undefined>;
  set(key: string, value: ClaimResult): Promise<void>;
}

export class MemoryVerdictCache implements VerdictCache {
  private readonly map = new Map<string, ClaimResult>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: ClaimResult) {
    this.map.set(key, value);
  }
}

export interface CheckDeps {
  retriever: Retriever;
  verifier: Verifier;
  cache?: VerdictCache;
  /** Corpus id → version of every corpus the retriever searches. */
  corpora: Record<string, string>;
}

export interface ClaimCheckOptions {
  /** Passages retrieved per claim (default 5). */
  k?: number;
  /** Evidence items kept in the report per claim (default 3). */
  evidencePerClaim?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ClaimInput {
  text: string;
  start?: number;
  end?: number;
  part?: 'answer' | 'reasoning';
  original?: string;
  repeats?: [number, number][];
}

/** Version of a retriever for cache keys. */
export function retrieverVersion(r: Retriever): string {
  return r.version ?? r.name;
}

/**
 * Verdict cache key: the verifier and retriever versions, the corpus
 * versions, k and the claim. Same claim, other retrieval or verifier → other key.
 */
export function cacheKey(claim: string, deps: Pick<CheckDeps, 'corpora' | 'verifier'> & { retriever?: Retriever }, k: number): string {
  const corpora = Object.keys(deps.corpora)
    .sort()
    .map((id) => `${id}@${deps.corpora[id]}`)
    .join(',');
  const retriever = deps.retriever ? `${retrieverVersion(deps.retriever)}|` : '';
  return `${deps.verifier.version}|${retriever}${corpora}|k${k}|${claim.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

/**
 * Evidence candidates for the verifier and evidence items for the report,
 * one per passage (a passage retrieved twice comes once), in the order of
 * their score, which is the score shown. The sentence of each passage is the
 * one most aligned with the claim (`entity`: the claim's main entity under
 * all its names, see Retriever.focusOf).
 */
export function toCandidates(
  claim: string,
  scored: ScoredChunk[],
  idf?: (term: string) => number,
  entity?: EntityNames,
): { candidates: EvidenceCandidate[]; evidence: Evidence[] } {
  const candidates: EvidenceCandidate[] = [];
  const evidence: Evidence[] = [];
  const ordered = dedupePassages(scored)
    .map((sc, i) => ({ sc, i }))
    .sort((a, b) => b.sc.score - a.sc.score || a.i - b.i)
    .map((x) => x.sc);
  const align = sentenceAligner(claim, idf, entity);
  ordered.forEach(({ chunk, score }, rank) => {
    const pick = align(chunk);
    candidates.push({ sentence: pick.sentence, passage: chunk.text, score, rank });
    evidence.push({
      corpus: chunk.corpus,
      chunkId: chunk.id,
      source: chunk.source,
      title: chunk.title,
      url: chunk.url,
      ...(chunk.focus ? { focus: chunk.focus } : {}),
      ...(chunk.question ? { question: chunk.question } : {}),
      passage: chunk.text,
      sentence: pick.sentence,
      sentenceStart: pick.span[0],
      sentenceEnd: pick.span[1],
      score,
    });
  });
  return { candidates, evidence };
}

const BATCH = 16;

export async function verifyClaims(
  claims: ClaimInput[],
  deps: CheckDeps,
  opts: ClaimCheckOptions = {},
): Promise<ClaimResult[]> {
  const k = opts.k ?? 5;
  const keep = opts.evidencePerClaim ?? 3;
  const idf = deps.retriever.idf?.bind(deps.retriever);
  const results: ClaimResult[] = new Array(claims.length);
  // Passages the caller gave (answers.jsonl `evidence`) are taken as they are; retrieved ones are calibrated apart.
  const mode = deps.retriever.name === 'passages' ? 'given' : 'retrieved';
  let done = 0;
  for (let i0 = 0; i0 < claims.length; i0 += BATCH) {
    if (opts.signal?.aborted) throw new AbortedError('The check was cancelled.');
    const batch = claims.slice(i0, i0 + BATCH);
    const pending: { i: number; key: string; evidence: Evidence[]; candidates: EvidenceCandidate[] }[] = [];
    for (let j = 0; j < batch.length; j++) {
      const claim = batch[j];
      const i = i0 + j;
      const key = cacheKey(claim.text, deps, k);
      const hit = deps.cache ? await deps.cache.get(key) : undefined;
      if (hit) {
        const { original: _o, repeats: _r, ...verdict } = hit;
        results[i] = {
          ...verdict,
          ...(claim.original ? { original: claim.original } : {}),
          ...(claim.repeats?.length ? { repeats: claim.repeats } : {}),
          text: claim.text,
          start: claim.start ?? 0,
          end: claim.end ?? claim.text.length,
          part: claim.part ?? 'answer',
          cached: true,
        };
        continue;
      }
      const scored = await deps.retriever.search(claim.text, k);
      const entity = deps.retriever.focusOf?.(claim.text);
      const { candidates, evidence } = toCandidates(claim.text, scored, idf, entity);
      pending.push({ i, key, evidence, candidates });
    }
    const outputs = await deps.verifier.verify(
      pending.map((p) => ({ claim: claims[p.i].text, evidence: p.candidates, mode })),
    );
    for (let j = 0; j < pending.length; j++) {
      const p = pending[j];
      const out = outputs[j];
      const claim = claims[p.i];
      // The verifier chose the deciding sentence by alignment with the claim: show that one.
      if (out.sentence && out.evidenceIndex >= 0) {
        const ev = p.evidence[out.evidenceIndex];
        p.evidence[out.evidenceIndex] = { ...ev, sentence: out.sentence.text, sentenceStart: out.sentence.start, sentenceEnd: out.sentence.end };
      }
      // Evidence stays in the order of the score shown; the deciding evidence
      // is kept even when it ranks below the first `keep` (it then comes last).
      const ordered =
        keep > 0 && out.evidenceIndex >= keep && out.evidenceIndex < p.evidence.length
          ? [...p.evidence.slice(0, keep - 1), p.evidence[out.evidenceIndex]]
          : p.evidence;
      const result: ClaimResult = {
        text: claim.text,
        start: claim.start ?? 0,
        end: claim.end ?? claim.text.length,
        part: claim.part ?? 'answer',
        verdict: out.verdict,
        confidence: out.confidence,
        probabilities: out.probabilities,
        evidence: ordered.slice(0, keep),
      };
      if (out.evidenceIndex >= 0) result.decidingEvidence = Math.min(out.evidenceIndex, keep - 1);
      if (out.parts) result.verifiers = out.parts;
      if (out.reason) result.reason = out.reason;
      if (out.lean) result.lean = out.lean;
      if (out.fallback !== undefined) result.fallback = out.fallback;
      if (out.judge) result.judge = out.judge;
      if (claim.original) result.original = claim.original;
      if (claim.repeats?.length) result.repeats = claim.repeats;
      results[p.i] = result;
      // A judge's fallback is not cached: the model gets another try next time.
      if (deps.cache && !out.fallback) {
        const { cached: _c, original: _o, repeats: _r, ...toStore } = result;
        await deps.cache.set(p.key, toStore);
      }
    }
    done += batch.length;
    opts.onProgress?.(done, claims.length);
  }
  return results;
}
