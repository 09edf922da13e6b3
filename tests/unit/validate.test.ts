import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { checkWith, describeIssues, parseWith, record } from '../../src/core/validate.ts';
import { fromErrorPayload, InvalidDataError, MalformedFileError, toErrorPayload } from '../../src/core/errors.ts';

const Row = v.object({
  id: v.string(),
  tags: v.optional(v.record(v.string(), v.string())),
  chunks: v.array(v.object({ text: v.string(), spans: v.array(v.tuple([v.number(), v.number()])) })),
  kind: v.optional(v.union([v.literal('a'), v.object({ name: v.string() })])),
});

describe('checkWith / parseWith', () => {
  it('returns the typed value of good data', () => {
    const r = checkWith(Row, { id: 'x', chunks: [{ text: 't', spans: [[0, 1]] }], kind: 'a' });
    expect(r).toEqual({ ok: true, value: { id: 'x', chunks: [{ text: 't', spans: [[0, 1]] }], kind: 'a' } });
  });

  it('names each problem by its JSON path', () => {
    const r = checkWith(Row, { chunks: [{ text: 't', spans: [] }, { text: 5, spans: [[0]] }], tags: { 'odd key': 3 }, kind: { name: 7 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: 'id', message: 'missing' },
      { path: 'tags["odd key"]', message: 'expected string, got 3' },
      { path: 'chunks[1].text', message: 'expected string, got 5' },
      { path: 'chunks[1].spans[0][1]', message: 'missing' },
      // The union's object branch went furthest: its field is named.
      { path: 'kind.name', message: 'expected string, got 7' },
    ]);
    expect(r.message).toBe('id: missing; tags["odd key"]: expected string, got 3; chunks[1].text: expected string, got 5 (and 2 more problems)');
  });

  it('prefixes paths with where the value sits, and shortens long values', () => {
    const r = checkWith(v.object({ text: v.number() }), { text: 'x'.repeat(100) }, 'docs[3]');
    expect(r.ok ? '' : r.message).toBe(`docs[3].text: expected number, got "${'x'.repeat(36)}…`);
  });

  it('throws InvalidDataError saying where, or the error the caller makes', () => {
    expect(() => parseWith(Row, [], 'answers.jsonl line 4')).toThrow(InvalidDataError);
    expect(() => parseWith(Row, 'hello', 'answers.jsonl line 4')).toThrow('answers.jsonl line 4 is not in the expected form: expected object, got "hello".');
    expect(() => parseWith(Row, null, 'x', (p) => new MalformedFileError(`bad: ${p}`))).toThrow(/^bad: expected object, got null$/);
  });

  it('InvalidDataError is a MalformedFileError and crosses workers by name', () => {
    const e = fromErrorPayload(toErrorPayload(new InvalidDataError('m')));
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e).toBeInstanceOf(MalformedFileError);
    expect(e.name).toBe('InvalidDataError');
  });

  it('record() refuses a list where an object belongs (a plain v.object takes it)', () => {
    const S = v.object({ id: v.optional(v.string()) });
    expect(checkWith(S, ['a']).ok).toBe(true);
    expect(checkWith(record(S), ['a'])).toMatchObject({ ok: false, message: 'expected object, got a list' });
    expect(checkWith(record(S), { id: 'a' })).toEqual({ ok: true, value: { id: 'a' } });
  });

  it('lists at most three problems', () => {
    expect(describeIssues([1, 2, 3, 4].map((n) => ({ path: `a[${n}]`, message: 'm' })))).toBe('a[1]: m; a[2]: m; a[3]: m (and 1 more problem)');
  });
});
