// answer → claims → evidence → verdicts → report.
import type { Claim, ClaimResult, Report, ReportStats } from './types.ts';
import { splitClaims } from './claims/index.ts';
import { retrieverVersion, verifyClaims, type CheckDeps, type ClaimCheckOptions } from './check.ts';
import { EmptyInputError, InputTooLargeError } from './errors.ts';
import { REPORT_FORMAT_VERSION } from './report-format.ts';

export { MemoryVerdictCache, verifyClaims, cacheKey, retrieverVersion } from './check.ts';
export type { VerdictCache, CheckDeps, ClaimCheckOptions, ClaimInput } from './check.ts';

/** Longest answer checked in one go (characters). */
export const MAX_ANSWER_CHARS = 100_000;

export interface CheckOptions extends ClaimCheckOptions {
  /** Also check claims inside <think> reasoning (off by default). */
  checkReasoning?: boolean;
  /**
   * Claims already found in `answer` (e.g. by the loaded model, see
   * engine/decompose.ts), with spans into `answer`. The rule-based splitter
   * is then not run.
   */
  claims?: readonly Claim[];
}

/**
 * Could the verifier say anything about this claim? A claim counts when it got
 * a verdict (supported or contradicted) or when its evidence leaned one way
 * (`lean`); an unverifiable claim that leans nowhere carries no information.
 */
export function claimWasChecked(c: Pick<ClaimResult, 'verdict' | 'lean'>): boolean {
  return c.verdict !== 'unverifiable' || c.lean !== undefined;
}

/** P(contradicted) − P(supported) of one claim (older results without probabilities: from the verdict and confidence). */
function leaning(c: Pick<ClaimResult, 'verdict' | 'confidence' | 'probabilities'>): number {
  const p = c.probabilities;
  const gap = p
    ? p.contradicted - p.supported
    : c.verdict === 'contradicted'
      ? c.confidence
      : c.verdict === 'supported'
        ? -c.confidence
        : 0;
  return Number.isFinite(gap) ? Math.min(1, Math.max(-1, gap)) : 0;
}

/**
 * Answer-level hallucination score (docs/verification.md, "Answer-level
 * scores"): how far the evidence leans against the answer's most doubtful
 * checked claim, (1 + max over claims of (P(contradicted) − P(supported))) / 2.
 * 0.5 means the evidence is balanced or silent on every claim, above it the
 * evidence speaks against some claim, 1 means one is contradicted for certain,
 * below it every claim leans supported. null when no claim could be checked.
 * (Measured against the noisy-OR of P(contradicted), the contradicted share
 * and others: it ranks hallucinated answers first most often; `npm run eval`.)
 */
export function hallucinationScore(claims: readonly Pick<ClaimResult, 'verdict' | 'confidence' | 'probabilities' | 'lean'>[]): number | null {
  let worst = -Infinity;
  for (const c of claims) {
    if (!claimWasChecked(c)) continue;
    worst = Math.max(worst, leaning(c));
  }
  return worst === -Infinity ? null : (1 + worst) / 2;
}

export function summarize(claims: Report['claims'], ms: number): ReportStats {
  const stats: ReportStats = { claims: claims.length, supported: 0, contradicted: 0, unverifiable: 0, ms };
  for (const c of claims) stats[c.verdict]++;
  const share = (k: number) => (claims.length ? k / claims.length : 0);
  stats.supportedShare = share(stats.supported);
  stats.contradictedShare = share(stats.contradicted);
  stats.uncheckedShare = share(stats.unverifiable);
  stats.hallucinationScore = hallucinationScore(claims);
  // Only a model judge marks claims (fallback true or false).
  if (claims.some((c) => c.fallback !== undefined)) stats.judgeFallbacks = claims.filter((c) => c.fallback).length;
  return stats;
}

export async function checkAnswer(answer: string, deps: CheckDeps, opts: CheckOptions = {}): Promise<Report> {
  const t0 = performance.now();
  if (!answer || !answer.trim()) throw new EmptyInputError('There is no text to check: paste an answer first.');
  if (answer.length > MAX_ANSWER_CHARS) {
    throw new InputTooLargeError(
      `The text is ${answer.length.toLocaleString('en-US')} characters long; ClaimLens checks up to ${MAX_ANSWER_CHARS.toLocaleString('en-US')} characters at a time. Split it into smaller parts.`,
    );
  }
  const claims = opts.claims
    ? opts.claims.filter((c) => opts.checkReasoning || c.part !== 'reasoning')
    : splitClaims(answer, { checkReasoning: opts.checkReasoning });
  if (claims.length === 0) {
    throw new EmptyInputError(
      'No checkable claims were found: the text has no factual statements (only questions, greetings or advice).',
    );
  }
  const results = await verifyClaims(claims, deps, opts);
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    claims: results,
    stats: summarize(results, Math.round(performance.now() - t0)),
    corpora: { ...deps.corpora },
    verifier: deps.verifier.version,
    retriever: retrieverVersion(deps.retriever),
  };
}
