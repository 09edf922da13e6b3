// The one JSON-lines reader (src/core/evidence/jsonl.ts): the evidence
// importers, the CLI (`--input` files) and the evaluation scripts all read
// JSONL through it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importJsonl, jsonLines, parseJsonl } from '../../../src/core/evidence/jsonl.ts';
import { MalformedFileError } from '../../../src/core/errors.ts';
import { SHARED_DATA, NO_SHARED } from './shared.ts';

const COVIDFACT = resolve(SHARED_DATA, 'eval/covidfact/COVIDFACT_dataset.jsonl');
if (!existsSync(COVIDFACT)) console.warn(NO_SHARED);

describe('jsonLines', () => {
  it('parses each non-blank line on its own, with its line number, CRLF or LF', () => {
    const text = '{"id": 1}\r\n\r\n{"id": 2\n  \n[3]\n';
    expect([...jsonLines(text)]).toEqual([
      { line: 1, value: { id: 1 } },
      { line: 3, error: expect.stringMatching(/JSON/) },
      { line: 5, value: [3] },
    ]);
  });
});

describe('parseJsonl', () => {
  it.skipIf(!existsSync(COVIDFACT))('reads every record of a real JSONL file (COVID-Fact)', () => {
    const text = readFileSync(COVIDFACT, 'utf8');
    const rows = parseJsonl(text, COVIDFACT) as { claim: string; label: string }[];
    expect(rows).toHaveLength(text.split('\n').filter((l) => l.trim()).length);
    expect(rows.every((r) => typeof r.claim === 'string' && /^(SUPPORTED|REFUTED)$/.test(r.label))).toBe(true);
  });

  it('refuses a file with a line that is not JSON, naming the line', () => {
    expect(() => parseJsonl('{"a": 1}\n\n{"a": 2,}\n', 'answers.jsonl')).toThrow(MalformedFileError);
    expect(() => parseJsonl('{"a": 1}\n\n{"a": 2,}\n', 'answers.jsonl')).toThrow('answers.jsonl:3 is not valid JSON.');
  });

  it('reads lines the same way as the evidence importer, which keeps the good lines and reports the bad one', () => {
    const text = '{"id": "a", "title": "A", "text": "Aspirin thins the blood."}\n{oops}\n{"id": "b", "title": "B", "text": "Insulin lowers blood sugar."}\n';
    const result = importJsonl(text, 'docs.jsonl', 'c');
    expect(result.documents).toBe(2);
    expect(result.issues).toEqual([{ file: 'docs.jsonl', message: expect.stringMatching(/^line 2: not valid JSON/) }]);
  });
});
