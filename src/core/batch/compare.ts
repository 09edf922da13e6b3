// Comparing two runs, or two models within a run, on the same questions:
// the verdict shares of each side over the questions both answered, side by
// side, and the claims that both sides make (same words) with different
// verdicts.
import type { Verdict } from '../types.ts';
import { statsOf, type GroupStats } from './stats.ts';
import { toResults } from './rows.ts';
import type { BatchAnswer } from './types.ts';

/** How answers of the two sides are paired: by id (a renamed duplicate `q1#2` pairs as `q1`), or by question text. */
export type PairBy = 'id' | 'question';

export interface CompareSide {
  /** What the side is: a run name, or a model. */
  label: string;
  answers: readonly BatchAnswer[];
}

export interface ClaimDifference {
  /** The pairing key (question id or text). */
  key: string;
  question?: string;
  claim: string;
  a: { answerId: string; verdict: Verdict; confidence: number; reason?: string };
  b: { answerId: string; verdict: Verdict; confidence: number; reason?: string };
}

export interface Comparison {
  by: PairBy;
  a: { label: string; stats: GroupStats; unpaired: number };
  b: { label: string; stats: GroupStats; unpaired: number };
  /** Questions both sides answered (and were checked on one side at least). */
  paired: number;
  /** Claims said by both sides on the same question with different verdicts. */
  differences: ClaimDifference[];
  /** Claims said by both sides on the same question (for the share of differences). */
  sharedClaims: number;
}

/** The id with a duplicate's `#n` suffix (import.ts) taken off. */
export function baseId(id: string): string {
  return id.replace(/#\d+$/, '');
}

function keyOf(a: BatchAnswer, by: PairBy): string | undefined {
  return by === 'question' ? a.question?.trim() || undefined : baseId(a.id);
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Pairs `question` when every answer of both sides has one, else `id`. */
export function defaultPairBy(a: readonly BatchAnswer[], b: readonly BatchAnswer[]): PairBy {
  return [...a, ...b].every((x) => x.question?.trim()) ? 'question' : 'id';
}

export function compare(sideA: CompareSide, sideB: CompareSide, by: PairBy = defaultPairBy(sideA.answers, sideB.answers)): Comparison {
  const index = (answers: readonly BatchAnswer[]) => {
    const m = new Map<string, BatchAnswer>();
    for (const a of answers) {
      const k = keyOf(a, by);
      if (k !== undefined && !m.has(k)) m.set(k, a);
    }
    return m;
  };
  const ia = index(sideA.answers);
  const ib = index(sideB.answers);
  const keys = [...ia.keys()].filter((k) => ib.has(k));
  const pa = keys.map((k) => ia.get(k)!);
  const pb = keys.map((k) => ib.get(k)!);
  const differences: ClaimDifference[] = [];
  let sharedClaims = 0;
  for (const [i, k] of keys.entries()) {
    const x = pa[i];
    const y = pb[i];
    if (!x.report || !y.report) continue;
    const other = new Map(y.report.claims.map((c) => [norm(c.text), c]));
    const seen = new Set<string>();
    for (const c of x.report.claims) {
      const t = norm(c.text);
      const d = other.get(t);
      if (!d || seen.has(t)) continue;
      seen.add(t);
      sharedClaims++;
      if (d.verdict === c.verdict) continue;
      differences.push({
        key: k,
        ...(x.question ? { question: x.question } : {}),
        claim: c.text,
        a: { answerId: x.id, verdict: c.verdict, confidence: c.confidence, ...(c.reason ? { reason: c.reason } : {}) },
        b: { answerId: y.id, verdict: d.verdict, confidence: d.confidence, ...(d.reason ? { reason: d.reason } : {}) },
      });
    }
  }
  return {
    by,
    a: { label: sideA.label, stats: statsOf(sideA.label, toResults(pa)), unpaired: ia.size - keys.length },
    b: { label: sideB.label, stats: statsOf(sideB.label, toResults(pb)), unpaired: ib.size - keys.length },
    paired: keys.length,
    differences,
    sharedClaims,
  };
}

/** A question both sides answered where one answer has more contradicted claims than the other. */
export interface ContradictionGap {
  key: string;
  question?: string;
  a: BatchAnswer;
  b: BatchAnswer;
  /** Contradicted claims of a minus those of b. */
  gap: number;
}

/**
 * Questions both sides answered (each side's first checked answer for the
 * key) where one answer has more contradicted claims than the other, the
 * largest gap first: where one model says what the evidence contradicts,
 * even when the two never word a claim alike.
 */
export function contradictionGaps(sideA: CompareSide, sideB: CompareSide, by: PairBy): ContradictionGap[] {
  const index = (answers: readonly BatchAnswer[]) => {
    const m = new Map<string, BatchAnswer>();
    for (const a of answers) {
      const k = keyOf(a, by);
      if (k && a.report && !m.has(k)) m.set(k, a);
    }
    return m;
  };
  const contradicted = (a: BatchAnswer) => a.report!.claims.filter((c) => c.verdict === 'contradicted').length;
  const ib = index(sideB.answers);
  const out: ContradictionGap[] = [];
  for (const [k, a] of index(sideA.answers)) {
    const b = ib.get(k);
    if (!b) continue;
    const gap = contradicted(a) - contradicted(b);
    if (gap !== 0) out.push({ key: k, question: a.question, a, b, gap });
  }
  return out.sort((x, y) => Math.abs(y.gap) - Math.abs(x.gap));
}

/** The two models of a run as comparison sides. */
export function modelSides(answers: readonly BatchAnswer[], modelA: string, modelB: string): [CompareSide, CompareSide] {
  return [
    { label: modelA, answers: answers.filter((a) => a.model === modelA) },
    { label: modelB, answers: answers.filter((a) => a.model === modelB) },
  ];
}
