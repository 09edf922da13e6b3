// answer → claims → evidence → verdicts → report.
import type { Claim, Report, ReportStats } from './types.ts';
import { splitClaims } from './claims/index.ts';
import { retrieverVersion, verifyClaims, type CheckDeps, type ClaimCheckOptions } from './check.ts';
import { EmptyInputError, InputTooLargeError } from './errors.ts';

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

export function summarize(claims: Report['claims'], ms: number): ReportStats {
  const stats: ReportStats = { claims: claims.length, supported: 0, contradicted: 0, unverifiable: 0, hallucination_rate: 0, ms };
  for (const c of claims) stats[c.verdict]++;
  stats.hallucination_rate = claims.length ? stats.contradicted / claims.length : 0;
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
    claims: results,
    stats: summarize(results, Math.round(performance.now() - t0)),
    corpora: { ...deps.corpora },
    verifier: deps.verifier.version,
    retriever: retrieverVersion(deps.retriever),
  };
}
