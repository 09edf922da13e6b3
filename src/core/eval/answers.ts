// Answers composed from labelled claims, for an answer-level measurement of
// the hallucination score (docs/verification.md, "Answer-level scores"):
// does the score rank answers that contain a contradicted claim above
// answers whose claims are all supported? (AUROC, metrics.ts.)
//
// Answers are made in matched pairs from one group (a topic, or the abstract
// the claims are about): a faithful answer of k supported claims, and the same
// answer with one of its claims swapped for a contradicted claim of the same
// group. Both have k claims, so the score cannot tell them apart by length.
import type { Verdict } from '../types.ts';

export interface LabelledClaim {
  id: string;
  claim: string;
  label: Verdict;
  /** Topic or source document: an answer draws its claims from one group. */
  group: string;
}

export interface ComposedAnswer {
  id: string;
  group: string;
  text: string;
  claims: LabelledClaim[];
  /** True when the answer contains a contradicted claim. */
  hallucinated: boolean;
}

export interface ComposeOptions {
  /** Answers wanted (pairs × 2); fewer when the groups run out of distinct pairs. */
  n: number;
  /** Claims per answer (capped by the supported claims of the group). */
  minClaims?: number;
  maxClaims?: number;
  rnd: () => number;
}

/** A small seeded generator (mulberry32): the same seed gives the same answers. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], k: number, rnd: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** "claim one. claim two." — each claim ends with a full stop. */
export function answerText(claims: readonly LabelledClaim[]): string {
  return claims.map((c) => (/[.!?]$/.test(c.claim.trim()) ? c.claim.trim() : `${c.claim.trim()}.`)).join(' ');
}

export function composeAnswers(claims: readonly LabelledClaim[], opts: ComposeOptions): ComposedAnswer[] {
  const { rnd } = opts;
  const minClaims = Math.max(1, opts.minClaims ?? 3);
  const maxClaims = Math.max(minClaims, opts.maxClaims ?? 5);
  const groups = new Map<string, { supported: LabelledClaim[]; contradicted: LabelledClaim[] }>();
  for (const c of claims) {
    if (c.label === 'unverifiable') continue;
    const g = groups.get(c.group) ?? { supported: [], contradicted: [] };
    g[c.label].push(c);
    groups.set(c.group, g);
  }
  const usable = [...groups.entries()].filter(([, g]) => g.supported.length && g.contradicted.length).sort(([a], [b]) => (a < b ? -1 : 1));
  const out: ComposedAnswer[] = [];
  const seen = new Set<string>();
  for (let tries = 0; usable.length && out.length + 2 <= opts.n && tries < 50 * opts.n; tries++) {
    const [group, g] = usable[Math.floor(rnd() * usable.length)];
    const lo = Math.min(minClaims, g.supported.length);
    const hi = Math.min(maxClaims, g.supported.length);
    const k = lo + Math.floor(rnd() * (hi - lo + 1));
    const faithful = pick(g.supported, k, rnd);
    const swapAt = Math.floor(rnd() * k);
    const wrong = g.contradicted[Math.floor(rnd() * g.contradicted.length)];
    const hallucinated = faithful.map((c, i) => (i === swapAt ? wrong : c));
    // No answer twice (the same claims in another order are the same answer).
    const keys = [faithful, hallucinated].map((a) => a.map((c) => c.id).sort().join('+'));
    if (keys.some((key) => seen.has(key))) continue;
    for (const key of keys) seen.add(key);
    const id = `a${out.length / 2 + 1}`;
    out.push({ id: `${id}-faithful`, group, text: answerText(faithful), claims: faithful, hallucinated: false });
    out.push({ id: `${id}-hallucinated`, group, text: answerText(hallucinated), claims: hallucinated, hallucinated: true });
  }
  return out;
}
