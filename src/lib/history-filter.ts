// History's search box and filters (pure: the view holds the choices, this
// picks the records), and what tells apart entries that share a title.
import type { CheckRecord } from '../core/export.ts';
import type { Verdict } from '../core/types.ts';

/** The model filter's value for checks of pasted answers (no model recorded). */
export const PASTED = '(pasted)';

export interface HistoryFilter {
  /** Words that must all appear (any case) in the title, answer, question, model or a claim. */
  query: string;
  /** '' for every model, PASTED for pasted answers, else a model id. */
  model: string;
  /** '' for any; else checks with at least one claim of this verdict. */
  verdict: '' | Verdict;
}

export const NO_FILTER: HistoryFilter = { query: '', model: '', verdict: '' };

const fold = (s: string) => s.toLocaleLowerCase('en').normalize('NFKC');

function haystack(r: CheckRecord): string {
  return fold([r.title, r.question ?? '', r.model ?? '', r.answer, ...r.report.claims.map((c) => c.text)].join('\n'));
}

export function filterChecks(records: readonly CheckRecord[], f: HistoryFilter): CheckRecord[] {
  const words = fold(f.query).split(/\s+/).filter(Boolean);
  return records.filter((r) => {
    if (f.model === PASTED ? r.model !== undefined : f.model && r.model !== f.model) return false;
    if (f.verdict && !r.report.claims.some((c) => c.verdict === f.verdict)) return false;
    if (words.length) {
      const text = haystack(r);
      if (!words.every((w) => text.includes(w))) return false;
    }
    return true;
  });
}

/** The models in the history, most checks first (then by name), and whether any check was pasted. */
export function historyModels(records: readonly CheckRecord[]): { models: { id: string; checks: number }[]; pasted: number } {
  const counts = new Map<string, number>();
  let pasted = 0;
  for (const r of records) {
    if (r.model === undefined) pasted++;
    else counts.set(r.model, (counts.get(r.model) ?? 0) + 1);
  }
  const models = [...counts].map(([id, checks]) => ({ id, checks })).sort((a, b) => b.checks - a.checks || a.id.localeCompare(b.id));
  return { models, pasted };
}

/** Ids of records whose title another record has too (they need more than the title to be told apart). */
export function sharedTitles(records: readonly CheckRecord[]): Set<string> {
  const byTitle = new Map<string, string[]>();
  for (const r of records) byTitle.set(r.title, [...(byTitle.get(r.title) ?? []), r.id]);
  return new Set([...byTitle.values()].filter((ids) => ids.length > 1).flat());
}

/** A date and time to the second, e.g. "Dec 7, 2026, 11:54:03 AM". */
export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The first words of a text, for a line that tells an entry apart. */
export function firstWords(text: string, words = 12): string {
  const all = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}
