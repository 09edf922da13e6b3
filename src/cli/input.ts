// The CLI's JSONL input files (`check --input answers.jsonl`, `eval` and
// `calibrate --input claims.jsonl`): every line is parsed and checked against
// its schema before any work starts, and a bad file is refused naming the
// lines and fields at fault (`answers.jsonl line 7: evidence[2]: expected
// string, got 3`), so that a long run never stops half-way on a typo.
import { existsSync, readFileSync } from 'node:fs';
import * as v from 'valibot';
import { MalformedFileError, UsageError } from '../core/errors.ts';
import { jsonLines } from '../core/evidence/jsonl.ts';
import { checkWith, record } from '../core/validate.ts';

export { UsageError };

/** A row id: a string or a number, kept as a string. */
const RowId = v.pipe(
  v.nullish(v.union([v.string(), v.number()])),
  v.transform((x) => (x === null || x === undefined ? undefined : String(x))),
);
/** Given evidence passages (null or absent: none). */
const Evidence = v.pipe(
  v.nullish(v.array(v.string())),
  v.transform((x) => x ?? undefined),
);

/** One line of answers.jsonl; other columns are kept (they become tags). */
export const AnswerLineSchema = record(
  v.pipe(
    v.looseObject({
      id: RowId,
      text: v.nullish(v.string()),
      answer: v.nullish(v.string()),
      question: v.nullish(v.string()),
      model: v.nullish(v.union([v.string(), v.number()])),
      evidence: Evidence,
    }),
    v.check((row) => typeof row.text === 'string' || typeof row.answer === 'string', 'no "text" (or "answer") string'),
  ),
);
export type AnswerLine = v.InferOutput<typeof AnswerLineSchema>;

/** One line of claims.jsonl (labelled claims for eval and calibrate); the label is read by evaluate. */
export const ClaimLineSchema = record(
  v.looseObject({
    id: RowId,
    claim: v.string(),
    label: v.string(),
    evidence: Evidence,
    /** Gold document id, for retrieval quality. */
    doc: RowId,
  }),
);
export type ClaimLine = v.InferOutput<typeof ClaimLineSchema>;

/** Bad lines named in the error; the rest are counted. */
const MAX_LINES = 3;

/**
 * Reads a JSONL file: each non-blank line one JSON value checked against
 * `schema`. Throws UsageError when the file is missing and
 * MalformedFileError naming the first bad lines (line number, JSON path,
 * problem) when any line is not valid JSON or not of the expected shape.
 */
export function readJsonl<S extends v.GenericSchema>(path: string, schema: S): v.InferOutput<S>[] {
  if (!existsSync(path)) throw new UsageError(`Input file not found: ${path}`);
  const text = readFileSync(path, 'utf8');
  const rows: v.InferOutput<S>[] = [];
  const bad: string[] = [];
  for (const l of jsonLines(text)) {
    if (l.error !== undefined) {
      bad.push(`line ${l.line}: not valid JSON (${l.error})`);
      continue;
    }
    const r = checkWith(schema, l.value);
    if (r.ok) rows.push(r.value);
    else bad.push(`line ${l.line}: ${r.message}`);
  }
  if (bad.length) {
    const more = bad.length - MAX_LINES;
    throw new MalformedFileError(
      `${path} has ${bad.length} bad line${bad.length === 1 ? '' : 's'}, nothing was run: ${bad.slice(0, MAX_LINES).join('; ')}${more > 0 ? ` (and ${more} more)` : ''}.`,
    );
  }
  if (rows.length === 0) throw new MalformedFileError(`${path} has no records.`);
  return rows;
}
