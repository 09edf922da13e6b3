// Filtering, sorting and grouping of a report's claims in the claim list, for
// long results (an answer with 100+ claims). Pure functions: the list
// component and its tests share them. Indices always point into the report's
// own claim array, so selection and highlights stay in step.
import type { ClaimResult, Verdict } from '../../core/types.ts';
import { claimCount } from './verdicts.ts';

export type ClaimSort = 'answer' | 'verdict' | 'confidence-desc' | 'confidence-asc';

export interface ClaimFilter {
  /** null: every verdict. */
  verdict: Verdict | null;
  /** Lowest confidence shown, 0–1. */
  minConfidence: number;
  sort: ClaimSort;
  /** Claims that read the same (case, spaces and punctuation aside) shown as one row. */
  group: boolean;
}

export const DEFAULT_FILTER: ClaimFilter = { verdict: null, minConfidence: 0, sort: 'answer', group: true };

/** Lists at least this long get the filter bar. */
export const FILTER_BAR_FROM = 8;

/** Lists at least this long are shown in the virtualised claim table (components/claims/ClaimTable.svelte). */
export const TABLE_FROM = 100;

export interface ClaimRow {
  /** Index of the claim shown (the first of its group) in the report. */
  index: number;
  claim: ClaimResult;
  /** Indices of every claim in the row (one unless grouped). */
  members: number[];
  /** How often the row's claim is said in the answer (merged repeats and grouped claims together). */
  count: number;
}

/**
 * Keys already made, by text: the claim table recomputes its rows on every
 * filter change (a keystroke in its text filter), and making the key (a
 * Unicode regex) was most of that time with 50,000 claims
 * (tests/bench/table-scroll.ts). Emptied when it grows past KEY_CACHE_MAX.
 */
const keyCache = new Map<string, string>();
const KEY_CACHE_MAX = 200_000;

/** The key identical claims share: lower case, letters and digits only, single spaces. */
export function claimKey(text: string): string {
  let key = keyCache.get(text);
  if (key === undefined) {
    key = text
      .toLowerCase()
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(text, key);
  }
  return key;
}

const VERDICT_ORDER: Record<Verdict, number> = { contradicted: 0, unverifiable: 1, supported: 2 };

/** The rows to show for a filter, and how many claims they leave out. */
export function claimRows(claims: readonly ClaimResult[], filter: ClaimFilter): { rows: ClaimRow[]; hidden: number } {
  const { rows, hidden } = itemRows(claims, (c) => c, filter);
  return { rows: rows.map(({ index, claim, members, count }) => ({ index, claim, members, count })), hidden };
}

/** Filters of the claim table (a batch run's claims): the claim list's, and more. */
export interface TableFilter extends Omit<ClaimFilter, 'sort'> {
  sort: ItemSort;
  /** Highest confidence shown, 0–1 (default 1). */
  maxConfidence?: number;
  /** Only claims whose text contains these words (case and punctuation aside). */
  text?: string;
}

export type ItemSort = ClaimSort | 'count-desc';

/** A row over any list of items that each carry a claim (a report's claims, a batch run's claims). */
export interface ItemRow<T> extends ClaimRow {
  item: T;
}

/**
 * The one filter / sort / group rule, for the Check view's claim list and the
 * claim table: `claimOf` reads an item's claim; `keep` adds a condition (a
 * batch run's model); `groupBy` adds to the key identical claims share.
 */
export function itemRows<T>(
  items: readonly T[],
  claimOf: (item: T) => ClaimResult,
  filter: TableFilter,
  more: { keep?: (item: T) => boolean; groupBy?: (item: T) => string } = {},
): { rows: ItemRow<T>[]; hidden: number } {
  let rows: ItemRow<T>[] = [];
  if (filter.group) {
    const byKey = new Map<string, ItemRow<T>>();
    items.forEach((item, index) => {
      const claim = claimOf(item);
      // A claim and its reasoning twin are not merged: they are said in different places.
      const key = `${claim.part}\u0000${claim.verdict}\u0000${claimKey(claim.text)}${more.groupBy ? `\u0000${more.groupBy(item)}` : ''}`;
      const row = byKey.get(key);
      if (row) {
        row.members.push(index);
        row.count += claimCount(claim);
      } else {
        const r = { index, item, claim, members: [index], count: claimCount(claim) };
        byKey.set(key, r);
        rows.push(r);
      }
    });
  } else {
    rows = items.map((item, index) => {
      const claim = claimOf(item);
      return { index, item, claim, members: [index], count: claimCount(claim) };
    });
  }
  const total = rows.length;
  const max = filter.maxConfidence ?? 1;
  const words = filter.text ? claimKey(filter.text) : '';
  rows = rows.filter(
    (r) =>
      (filter.verdict === null || r.claim.verdict === filter.verdict) &&
      r.claim.confidence >= filter.minConfidence - 1e-9 &&
      r.claim.confidence <= max + 1e-9 &&
      (!words || claimKey(r.claim.text).includes(words)) &&
      (!more.keep || more.keep(r.item)),
  );
  const hidden = total - rows.length;
  const byAnswer = (a: ClaimRow, b: ClaimRow) => a.index - b.index;
  if (filter.sort === 'verdict') rows.sort((a, b) => VERDICT_ORDER[a.claim.verdict] - VERDICT_ORDER[b.claim.verdict] || byAnswer(a, b));
  else if (filter.sort === 'confidence-desc') rows.sort((a, b) => b.claim.confidence - a.claim.confidence || byAnswer(a, b));
  else if (filter.sort === 'confidence-asc') rows.sort((a, b) => a.claim.confidence - b.claim.confidence || byAnswer(a, b));
  else if (filter.sort === 'count-desc') rows.sort((a, b) => b.count - a.count || byAnswer(a, b));
  return { rows, hidden };
}

/** Claims per verdict, for the filter's labels. */
export function verdictCounts(claims: readonly ClaimResult[]): Record<Verdict, number> {
  const n: Record<Verdict, number> = { supported: 0, contradicted: 0, unverifiable: 0 };
  for (const c of claims) n[c.verdict]++;
  return n;
}
