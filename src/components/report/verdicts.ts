// How each verdict looks: a symbol and a word, so colour is never the only cue.
// Pure data and functions (no DOM): the report components and their tests share them.
import type { ClaimResult, ReportStats, Verdict } from '../../core/types.ts';

export const VERDICT_LOOK: Record<Verdict, { symbol: string; label: string; help: string }> = {
  supported: { symbol: '✓', label: 'Supported', help: 'The evidence says the same.' },
  contradicted: { symbol: '✗', label: 'Contradicted', help: 'The evidence says otherwise.' },
  unverifiable: { symbol: '?', label: 'Unverifiable', help: 'No evidence found either way.' },
};

/**
 * Confidence is a calibrated probability. A supported or contradicted verdict
 * below this is shown as tentative ("Likely supported", dashed chip); at or
 * above it, as firm (solid chip). The one place this cut is set.
 */
export const FIRM_CONFIDENCE = 0.75;

/** At or above the cut as shown (whole percent): a verdict shown at 75 % is never called "less than 75 % sure". */
export function isFirm(confidence: number | undefined): boolean {
  return typeof confidence === 'number' && Math.round(confidence * 100) >= Math.round(FIRM_CONFIDENCE * 100);
}

/**
 * firm: supported/contradicted at FIRM_CONFIDENCE or above; tentative: below it;
 * lean: unverifiable, but the nearest evidence leans one way (ClaimResult.lean);
 * open: unverifiable with no lean.
 */
export type VerdictStrength = 'firm' | 'tentative' | 'lean' | 'open';

export interface VerdictDisplay {
  verdict: Verdict;
  strength: VerdictStrength;
  /** Which way an unverifiable claim's evidence leans (only with strength 'lean'). */
  lean: 'supported' | 'contradicted' | null;
  symbol: string;
  /** Chip text after the symbol: "Supported", "Likely supported", "Unverifiable". */
  label: string;
  /** Said after the label for a lean: "evidence leans contradicted". */
  leanText: string | null;
  /** Class list for a chip: verdict colour plus "tentative" for a dashed outline. */
  chipClass: string;
}

export function verdictDisplay(c: Pick<ClaimResult, 'verdict' | 'confidence' | 'lean'>): VerdictDisplay {
  const look = VERDICT_LOOK[c.verdict];
  if (c.verdict === 'unverifiable') {
    const lean = c.lean === 'supported' || c.lean === 'contradicted' ? c.lean : null;
    return {
      verdict: c.verdict,
      strength: lean ? 'lean' : 'open',
      lean,
      symbol: look.symbol,
      label: look.label,
      leanText: lean ? `evidence leans ${lean}` : null,
      chipClass: `chip unverifiable${lean ? ` leans-${lean}` : ''}`,
    };
  }
  const tentative = !isFirm(c.confidence);
  return {
    verdict: c.verdict,
    strength: tentative ? 'tentative' : 'firm',
    lean: null,
    symbol: look.symbol,
    label: tentative ? `Likely ${look.label.toLowerCase()}` : look.label,
    leanText: null,
    chipClass: `chip ${c.verdict}${tentative ? ' tentative' : ''}`,
  };
}

/** "Likely supported" / "Unverifiable — evidence leans contradicted": the verdict in words. */
export function verdictWords(c: Pick<ClaimResult, 'verdict' | 'confidence' | 'lean'>): string {
  const d = verdictDisplay(c);
  return d.leanText ? `${d.label} — ${d.leanText}` : d.label;
}

/** How many times the claim is said in the answer (identical claims are merged). */
export function claimCount(c: Pick<ClaimResult, 'repeats'>): number {
  return 1 + (c.repeats?.length ?? 0);
}

/** The claim as written, when the checked text was rewritten to stand alone; null otherwise. */
export function originalText(c: Pick<ClaimResult, 'text' | 'original'>): string | null {
  const o = c.original?.trim();
  return o && o !== c.text.trim() ? o : null;
}

/** The verifier's reason in plain words, or null when it gave none. */
export function reasonText(c: Pick<ClaimResult, 'reason'>): string | null {
  const r = typeof c.reason === 'string' ? c.reason.trim() : '';
  return r ? r : null;
}

// ---- Answer-level scores -------------------------------------------------

export const NOT_CHECKED = 'not checked — no claim could be verified against the evidence';
export const SCORE_HELP = 'How far the evidence leans against the most doubtful claim: 50% = balanced or silent, 100% = a claim is contradicted.';

export interface AnswerScores {
  /** At least one claim was found supported or contradicted. */
  checked: boolean;
  /** Shares of all claims; null when nothing was checked (never a misleading 0 %). */
  supportedShare: number | null;
  contradictedShare: number | null;
  /** unverifiable / claims; null when there are no claims. */
  uncheckedShare: number | null;
  /**
   * The hallucination score; null: nothing could be checked; undefined: the
   * check predates the score (an older report) and it cannot be told.
   */
  score: number | null | undefined;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Answer-level shares and score from a report's stats. Reports made before
 * the share fields get them from the counts; an answer where no claim could be
 * checked gets nulls, not 0 %.
 */
export function answerScores(s: ReportStats): AnswerScores {
  const n = s.claims;
  const checked = n > 0 && s.supported + s.contradicted > 0;
  const share = (given: number | undefined, k: number) => (finite(given) ? given : k / n);
  const score = !checked || s.hallucinationScore === null ? null : finite(s.hallucinationScore) ? s.hallucinationScore : undefined;
  return {
    checked,
    supportedShare: checked ? share(s.supportedShare, s.supported) : null,
    contradictedShare: checked ? share(s.contradictedShare, s.contradicted) : null,
    uncheckedShare: n > 0 ? share(s.uncheckedShare, s.unverifiable) : null,
    score,
  };
}
