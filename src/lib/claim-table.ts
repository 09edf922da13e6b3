// What the claim table shows: one item per claim, with where it came from (a
// batch run's answer and model) and the reviewer's label when there is one.
import type { ClaimResult, Verdict } from '../core/types.ts';

export interface TableItem {
  /** Stable id of the claim (selection, review). */
  id: string;
  claim: ClaimResult;
  /** The answer's model, in a batch run. */
  model?: string;
  /** The answer's id in a batch run. */
  answerId?: string;
  question?: string;
  /** The reviewer's label, when the claim has been reviewed. */
  review?: Verdict;
}

/** A report's claims as table items (the Check view): ids are the claims' indices. */
export function reportItems(claims: readonly ClaimResult[]): TableItem[] {
  return claims.map((claim, i) => ({ id: String(i), claim }));
}
