// History export: a saved check as JSON (the whole record) and checks as CSV
// (one row per claim). Pure functions: the UI turns the strings into files.
import type { Report } from './types.ts';
import { upgradeReport } from './report-format.ts';

/** One saved check, as stored in history and exported. */
export interface CheckRecord {
  id: string;
  /** ISO 8601 time the check finished. */
  createdAt: string;
  /** First words of the answer, for lists. */
  title: string;
  /** The answer exactly as pasted (including any <think> block). */
  answer: string;
  /** Whether claims inside the reasoning block were checked too. */
  checkReasoning: boolean;
  report: Report;
  /** The model that wrote the answer, when it was asked in the Ask view (absent for pasted answers). */
  model?: string;
  /** The question it answers (Ask answers). */
  question?: string;
}

export const CHECK_EXPORT_FORMAT = 'claimlens-checks';
/** 2: reports in report format 2 (report-format.ts; checks stored before it are written in it too). */
export const CHECK_EXPORT_VERSION = 2;

/** Checks as one JSON document (every field of every record). */
export function checksToJSON(records: readonly CheckRecord[]): string {
  const checks = records.map((r) => ({ ...r, report: upgradeReport(r.report) }));
  return JSON.stringify(
    { format: CHECK_EXPORT_FORMAT, formatVersion: CHECK_EXPORT_VERSION, checks },
    null,
    2,
  );
}

export const CSV_COLUMNS = [
  'check_id',
  'time',
  'claim',
  'start',
  'end',
  'verdict',
  'confidence',
  'evidence_title',
  'evidence_url',
  'evidence_sentence',
  // Added with reasons (older readers keep their column positions):
  /** Why, in words, the verifier gave this verdict. */
  'reason',
  /** For an unverifiable claim: which way the nearest evidence leaned (supported/contradicted). */
  'lean',
  /** The claim as written when `claim` is its rewritten, stand-alone form. */
  'original',
  /** How many times the claim is said in the answer (identical claims are merged). */
  'count',
] as const;

// Spreadsheets run cells that start with these as formulas (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula is
 * prefixed with an apostrophe; numbers are written as numbers.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || s !== s.trim()) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * Checks as CSV, one row per claim, best evidence only; CRLF line ends. A
 * claim said several times in the answer is one row, with its count.
 */
export function checksToCSV(records: readonly CheckRecord[]): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const record of records) {
    for (const claim of record.report.claims) {
      const best = claim.evidence[0];
      rows.push(
        [
          record.id,
          record.createdAt,
          claim.text,
          claim.start,
          claim.end,
          claim.verdict,
          Math.round(claim.confidence * 1000) / 1000,
          best?.title,
          best?.url,
          best?.sentence,
          claim.reason,
          claim.lean,
          claim.original,
          1 + (claim.repeats?.length ?? 0),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return rows.join('\r\n') + '\r\n';
}

/**
 * A short title for a check: the first words of the answer text. Pass the
 * answer without its reasoning block (see claims/splitThinking).
 */
export function checkTitle(answerText: string, maxWords = 10): string {
  const words = answerText.split(/\s+/).filter(Boolean);
  const title = words.slice(0, maxWords).join(' ');
  return words.length > maxWords ? `${title}…` : title || '(empty)';
}
