// Human review of a run's claims: how well the checker agrees with the
// reviewer (accuracy, Cohen's kappa, the confusion matrix of checker verdict
// × reviewer label), and the reviewed claims as a labelled set in the input
// format of `claimlens eval` (one JSON object a line: id, claim, label, and
// optionally evidence; docs/batch.md).
import { VERDICTS, type Verdict } from '../types.ts';
import type { BatchClaimRow } from './types.ts';

export interface Agreement {
  /** Reviewed claims. */
  n: number;
  /** Share where the reviewer's label equals the checker's verdict. */
  accuracy: number;
  /** Cohen's kappa (chance-corrected agreement); null when it is undefined (both always said the same one label). */
  kappa: number | null;
  /** confusion[checker verdict][reviewer label] = claims. */
  confusion: Record<Verdict, Record<Verdict, number>>;
}

/** Agreement between the checker's verdicts and the reviewers' labels, over the reviewed claims. */
export function agreement(rows: readonly Pick<BatchClaimRow, 'verdict' | 'reviewLabel'>[]): Agreement {
  const confusion = Object.fromEntries(VERDICTS.map((v) => [v, Object.fromEntries(VERDICTS.map((w) => [w, 0]))])) as Agreement['confusion'];
  let n = 0;
  let same = 0;
  for (const r of rows) {
    if (!r.reviewLabel) continue;
    n++;
    confusion[r.verdict][r.reviewLabel]++;
    if (r.verdict === r.reviewLabel) same++;
  }
  if (n === 0) return { n, accuracy: 0, kappa: null, confusion };
  const po = same / n;
  let pe = 0;
  for (const v of VERDICTS) {
    const checker = VERDICTS.reduce((s, w) => s + confusion[v][w], 0) / n;
    const reviewer = VERDICTS.reduce((s, w) => s + confusion[w][v], 0) / n;
    pe += checker * reviewer;
  }
  return { n, accuracy: po, kappa: pe >= 1 ? null : (po - pe) / (1 - pe), confusion };
}

export interface EvalLine {
  id: string;
  claim: string;
  label: Verdict;
  /** The passage the checker's verdict rested on (only with `withEvidence`: then eval runs in oracle mode). */
  evidence?: string[];
  /** Kept for the reader; `claimlens eval` ignores them. */
  model?: string;
  question?: string;
  answer_id: string;
  checker_verdict: Verdict;
  note?: string;
}

/**
 * The reviewed claims as JSONL for `claimlens eval --input` (and calibrate):
 * id, claim, label, plus fields eval ignores. Without `withEvidence` eval
 * retrieves evidence from its --corpus, as the app did.
 */
export function reviewedToEvalJsonl(rows: readonly BatchClaimRow[], opts: { withEvidence?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of rows) {
    if (!r.reviewLabel) continue;
    const line: EvalLine = {
      id: `${r.answerId}#${r.claimIndex + 1}`,
      claim: r.claim,
      label: r.reviewLabel,
      ...(opts.withEvidence && r.evidenceSentence ? { evidence: [r.evidenceSentence] } : {}),
      ...(r.model ? { model: r.model } : {}),
      ...(r.question ? { question: r.question } : {}),
      answer_id: r.answerId,
      checker_verdict: r.verdict,
      ...(r.reviewNote ? { note: r.reviewNote } : {}),
    };
    lines.push(JSON.stringify(line));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
