// The version of the report format, and reading reports that older versions
// wrote. A report is `Report` (types.ts); it is written alone (`claimlens check
// --out`), inside a batch's results file (`claimlens check --input … --out`),
// and inside the History and conversation exports.
//
// Version 2: every field is camelCase and the report says its `formatVersion`.
// Version 1 (no `formatVersion`) had `stats.hallucination_rate`, which was the
// same number as `stats.contradictedShare` (contradicted / claims); it is read
// as that. Reports of version 1 made before the shares existed get them from
// their counts.
import { MalformedFileError } from './errors.ts';
import type { Report, ReportStats } from './types.ts';
import type { BatchResult } from './batch/stats.ts';

export const REPORT_FORMAT_VERSION = 2;

/** A report as any version wrote it. */
export type AnyVersionReport = Omit<Report, 'stats' | 'formatVersion'> & {
  formatVersion?: number;
  stats: ReportStats & { hallucination_rate?: number };
};

/**
 * The report in the current format (a new object; the argument is not
 * changed). Throws MalformedFileError for a report of a newer version than
 * this ClaimLens reads. `where` names the file for that message.
 */
export function upgradeReport(report: AnyVersionReport, where = 'This report'): Report {
  const version = report.formatVersion ?? 1;
  if (version > REPORT_FORMAT_VERSION) {
    throw new MalformedFileError(
      `${where} uses report format version ${version}, but this version of ClaimLens reads up to version ${REPORT_FORMAT_VERSION}. Update ClaimLens.`,
    );
  }
  const { hallucination_rate: rate, ...stats } = report.stats;
  const share = (k: number) => (stats.claims ? k / stats.claims : 0);
  return {
    ...report,
    formatVersion: REPORT_FORMAT_VERSION,
    stats: {
      ...stats,
      supportedShare: stats.supportedShare ?? share(stats.supported),
      contradictedShare: stats.contradictedShare ?? (typeof rate === 'number' ? rate : share(stats.contradicted)),
      uncheckedShare: stats.uncheckedShare ?? share(stats.unverifiable),
    },
  };
}

/** The results file of a batch (`claimlens check --input answers.jsonl --out results.json`). */
export const RESULTS_FILE_FORMAT = 'claimlens-results';

export interface ResultsFile {
  format: typeof RESULTS_FILE_FORMAT;
  /** The report format of its reports; version 1 files were `{results}` alone. */
  formatVersion: number;
  results: BatchResult[];
}

export function resultsFile(results: BatchResult[]): ResultsFile {
  return { format: RESULTS_FILE_FORMAT, formatVersion: REPORT_FORMAT_VERSION, results };
}

/**
 * The results of a results file of any version, reports in the current
 * format. `where` (the file name) goes into the messages.
 */
export function readResultsFile(parsed: unknown, where: string): BatchResult[] {
  const file = (parsed && typeof parsed === 'object' ? parsed : {}) as { format?: unknown; formatVersion?: unknown; results?: unknown };
  const results = file.results;
  if (!Array.isArray(results) || !results.every((r) => r && typeof r === 'object' && typeof (r as BatchResult).id !== 'undefined')) {
    throw new MalformedFileError(`${where} has no "results" list: write it with claimlens check --input answers.jsonl --out results.json.`);
  }
  if (file.format !== undefined && file.format !== RESULTS_FILE_FORMAT) {
    throw new MalformedFileError(`${where} is a "${String(file.format)}" file, not the results of claimlens check --input.`);
  }
  const version = typeof file.formatVersion === 'number' ? file.formatVersion : 1;
  if (version > REPORT_FORMAT_VERSION) {
    throw new MalformedFileError(
      `${where} uses report format version ${version}, but this version of ClaimLens reads up to version ${REPORT_FORMAT_VERSION}. Update ClaimLens.`,
    );
  }
  return (results as (BatchResult & { report?: AnyVersionReport })[]).map((r) =>
    r.report ? { ...r, report: upgradeReport(r.report, `${where} (result ${r.id})`) } : r,
  );
}
