// Checking data from outside (files, packs, catalogs, settings, server
// replies, input lines) against a valibot schema, once, at the edge. A bad
// value becomes a named error whose message says where and what, with JSON
// paths: `docs[12].chunks[3][1]: expected string, got 5`.
import * as v from 'valibot';
import { InvalidDataError } from './errors.ts';

/** One problem in a value: where (a JSON path, '' for the value itself) and what. */
export interface DataIssue {
  path: string;
  message: string;
}

/** The outcome of checkWith: the typed value, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: DataIssue[]; message: string };

/** Issues listed in a message; the rest are counted. */
const MAX_LISTED = 3;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `docs[12].chunks[3]` from valibot's issue path (after `prefix`, the path so far). */
export function issuePath(issue: v.BaseIssue<unknown>, prefix = ''): string {
  let out = prefix;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function shortReceived(received: string): string {
  const r = received === 'Object' ? 'an object' : received === 'Array' ? 'a list' : received;
  return r.length > 40 ? `${r.slice(0, 37)}…` : r;
}

/** What is wrong, in words: "missing", "expected string, got 5", or a check's own message. */
function issueMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema') {
    const last = issue.path?.[issue.path.length - 1];
    // JSON has no undefined: an undefined member is one that is not there.
    if (issue.input === undefined && last) return 'missing';
    if (issue.expected !== null) {
      const expected = issue.expected.replace(/"/g, '').replace(/\bObject\b/g, 'object').replace(/\bArray\b/g, 'list');
      return `expected ${expected}, got ${shortReceived(issue.received)}`;
    }
  }
  // valibot's own texts start "Invalid length: Expected …"; ours are written as they should read.
  return issue.message.replace(/^Invalid (\w+): Expected/, 'invalid $1: expected').replace(/^Invalid (\w+): Received/, 'invalid $1: got');
}

function flatten(issue: v.BaseIssue<unknown>, prefix = ''): DataIssue {
  const path = issuePath(issue, prefix);
  // A union whose closest branch failed deeper down (a wrong field inside an
  // object) says more through that branch; its issue paths are relative.
  if (issue.kind === 'schema' && issue.type === 'union' && issue.issues?.length) {
    const deepest = [...issue.issues].sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
    if ((deepest.path?.length ?? 0) > 0) return flatten(deepest, path);
  }
  return { path, message: issueMessage(issue) };
}

/** valibot issues as paths and messages; `at`: the path of the checked value inside a larger one. */
export function dataIssues(issues: readonly v.BaseIssue<unknown>[], at = ''): DataIssue[] {
  return issues.map((i) => flatten(i, at));
}

/** "a.b: missing; c[2]: expected number, got "x" (and 4 more problems)". */
export function describeIssues(issues: readonly DataIssue[], max = MAX_LISTED): string {
  const listed = issues.slice(0, max).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}

/**
 * Checks `data` against `schema` without throwing. `at`: where `data` sits in
 * a larger value (`docs[3]`), so that paths name the place in the whole.
 */
export function checkWith<S extends v.GenericSchema>(schema: S, data: unknown, at = ''): Checked<v.InferOutput<S>> {
  const r = v.safeParse(schema, data);
  if (r.success) return { ok: true, value: r.output };
  const issues = dataIssues(r.issues, at);
  return { ok: false, issues, message: describeIssues(issues) };
}

/**
 * Checks `data` against `schema` and returns the typed value. Otherwise
 * throws: by default InvalidDataError "`where` is not in the expected form:
 * <path>: <problem>; …"; with `fail`, whatever error it makes of the listed
 * problems (e.g. a MalformedFileError that also says how to fix the file).
 */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  data: unknown,
  where: string,
  fail?: (problems: string, issues: DataIssue[]) => Error,
): v.InferOutput<S> {
  const r = checkWith(schema, data);
  if (r.ok) return r.value;
  throw fail ? fail(r.message, r.issues) : new InvalidDataError(`${where} is not in the expected form: ${r.message}.`);
}

/**
 * `schema` (a v.object) that also refuses a list where an object belongs:
 * valibot's object schemas accept arrays, which JSON keeps apart.
 */
export function record<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.unknown(),
    v.check((x) => !Array.isArray(x), 'expected object, got a list'),
    schema,
  );
}
