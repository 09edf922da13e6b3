// Reading batch files: JSONL and CSV answers built from the hand-written
// MedQuAD claims (tests/eval/data), every bad-input case with its message,
// and a CLI results file.
import { upgradeReport, type AnyVersionReport } from '../../../src/core/report-format.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { parseBatchFile, readBatchFile } from '../../../src/core/batch/import.ts';
import { MAX_BATCH_ANSWERS, MAX_BATCH_FILE_BYTES, type BatchFileResult, type BatchInputRow } from '../../../src/core/batch/types.ts';
import { REPO_ROOT } from '../evidence/shared.ts';

interface LabelledClaim {
  id: string;
  claim: string;
  label: string;
  topic: string;
  ref: string;
}

const claims: LabelledClaim[] = readFileSync(join(REPO_ROOT, 'tests/eval/data/medquad-claims.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as LabelledClaim);

const enc = (s: string) => new TextEncoder().encode(s);
function answersOf(got: BatchFileResult): BatchInputRow[] {
  if (got.kind !== 'answers') throw new Error(`expected answers, got ${got.kind}`);
  return got.rows;
}

/** Answers of two "models": each answer two claims of one topic. */
function answerRecords() {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i + 1 < 20; i += 2) {
    out.push({
      id: `a${i}`,
      question: `What should I know about ${claims[i].topic}?`,
      model: i % 4 === 0 ? 'model-a' : 'model-b',
      answer: `${claims[i].claim} ${claims[i + 1].claim}`,
      topic: claims[i].topic,
      temperature: 0.7,
    });
  }
  return out;
}

describe('batch import: JSONL', () => {
  it('reads answers with id, question, model, evidence and keeps other fields as tags', () => {
    const records = answerRecords();
    records[1].evidence = [claims[2].ref, claims[3].ref];
    const got = parseBatchFile('answers.jsonl', enc(records.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    expect(got.kind).toBe('answers');
    const rows = answersOf(got);
    expect(rows).toHaveLength(10);
    expect(got.issues).toEqual([]);
    expect(rows[0]).toEqual({
      id: 'a0',
      line: 1,
      answer: `${claims[0].claim} ${claims[1].claim}`,
      question: `What should I know about ${claims[0].topic}?`,
      model: 'model-a',
      tags: { topic: claims[0].topic, temperature: '0.7' },
    });
    expect(rows[1].evidence).toEqual([claims[2].ref, claims[3].ref]);
    expect(rows[1].model).toBe('model-b');
  });

  it('accepts `text` for the answer and numbers as ids; rows without an id get their position', () => {
    const lines = [JSON.stringify({ id: 7, text: claims[0].claim }), JSON.stringify({ text: claims[1].claim })];
    const rows = answersOf(parseBatchFile('a.jsonl', enc(lines.join('\n'))));
    expect(rows.map((r) => [r.id, r.answer])).toEqual([
      ['7', claims[0].claim],
      ['2', claims[1].claim],
    ]);
  });

  it('lists the lines that do not parse, with their numbers, and keeps the others', () => {
    const lines = [
      JSON.stringify({ id: 'ok1', answer: claims[0].claim }),
      '{"id": "broken", "answer": "Insulin is made',
      '',
      JSON.stringify({ id: 'noanswer', question: 'q?' }),
      JSON.stringify({ id: 'empty', answer: '   ' }),
      JSON.stringify({ id: 'num', answer: 42 }),
      '"just a string"',
      JSON.stringify({ id: 'ok2', answer: claims[1].claim }),
    ];
    const got = parseBatchFile('a.jsonl', enc(lines.join('\n')));
    expect(answersOf(got).map((r) => [r.id, r.line])).toEqual([
      ['ok1', 1],
      ['ok2', 8],
    ]);
    expect(got.issues.map((i) => [i.line, i.kind])).toEqual([
      [2, 'skipped'],
      [4, 'skipped'],
      [5, 'skipped'],
      [6, 'skipped'],
      [7, 'skipped'],
    ]);
    expect(got.issues[0].message).toBe('line 2 is not valid JSON');
    expect(got.issues[1].message).toBe('line 4 has no "answer" (or "text")');
    expect(got.issues[2].message).toBe('line 5 has an empty answer');
    expect(got.issues[3].message).toMatch(/^line 6: "answer" /);
  });

  it('keeps both answers of a duplicate id, renaming the second id#2, and says so', () => {
    const lines = ['q1', 'q1', 'q2', 'q1'].map((id, i) => JSON.stringify({ id, answer: claims[i].claim }));
    const got = parseBatchFile('a.jsonl', enc(lines.join('\n')));
    expect(answersOf(got).map((r) => r.id)).toEqual(['q1', 'q1#2', 'q2', 'q1#3']);
    expect(got.issues).toEqual([
      { line: 2, kind: 'renamed', message: 'line 2: the id "q1" is used before; this answer is kept as "q1#2"' },
      { line: 4, kind: 'renamed', message: 'line 4: the id "q1" is used before; this answer is kept as "q1#3"' },
    ]);
  });

  it('says so when no row has an answer field (wrong columns)', () => {
    const lines = claims.slice(0, 3).map((c) => JSON.stringify({ id: c.id, claim: c.claim, label: c.label }));
    expect(() => parseBatchFile('claims.jsonl', enc(lines.join('\n')))).toThrow(/has no "answer" \(or "text"\) field in any row/);
  });

  it('keeps the first 10,000 answers of a longer file and says how many were left out', () => {
    const n = MAX_BATCH_ANSWERS + 5;
    const text = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i}`, answer: claims[i % claims.length].claim })).join('\n');
    const got = parseBatchFile('big.jsonl', enc(text));
    const rows = answersOf(got);
    expect(rows).toHaveLength(MAX_BATCH_ANSWERS);
    expect(rows.at(-1)!.id).toBe(`r${MAX_BATCH_ANSWERS - 1}`);
    expect(got.issues).toEqual([
      {
        line: MAX_BATCH_ANSWERS + 1,
        kind: 'truncated',
        message: 'big.jsonl has 10,005 answers; a run takes at most 10,000: the first 10,000 are kept and 5 from line 10001 on are left out.',
      },
    ]);
  });
});

describe('batch import: CSV', () => {
  it('reads a CSV written by a spreadsheet: BOM, CRLF, quoted newlines and commas, line numbers of each record', () => {
    const header = 'id,question,model,answer,topic';
    const answer1 = `${claims[0].claim}\nAlso, ${claims[1].claim.toLowerCase()}`;
    const csv =
      '\uFEFF' +
      [header, Papa.unparse([['a1', 'What is insulin?', 'model-a', answer1, 'diabetes']], { newline: '\r\n' }), '', `a2,,model-b,"${claims[2].claim}",diabetes`].join('\r\n') +
      '\r\n';
    const got = parseBatchFile('answers.csv', enc(csv));
    expect(got.format).toBe('csv');
    const rows = answersOf(got);
    expect(rows).toEqual([
      { id: 'a1', line: 2, answer: answer1, question: 'What is insulin?', model: 'model-a', tags: { topic: 'diabetes' } },
      { id: 'a2', line: 5, answer: claims[2].claim, model: 'model-b', tags: { topic: 'diabetes' } },
    ]);
    expect(got.issues).toEqual([]);
  });

  it('reads evidence as a JSON array or as passages separated by |', () => {
    const csv = Papa.unparse(
      [
        ['id', 'text', 'evidence'],
        ['e1', claims[0].claim, JSON.stringify([claims[0].ref, claims[1].ref])],
        ['e2', claims[2].claim, `${claims[2].ref} | ${claims[3].ref}`],
      ],
      { newline: '\n' },
    );
    const rows = answersOf(parseBatchFile('ev.csv', enc(csv)));
    expect(rows[0].evidence).toEqual([claims[0].ref, claims[1].ref]);
    expect(rows[1].evidence).toEqual([claims[2].ref, claims[3].ref]);
  });

  it('refuses a CSV without an answer or text column, naming the columns it found', () => {
    const csv = 'id,claim,label\nmq-1,Insulin is made in the liver.,contradicted\n';
    expect(() => parseBatchFile('claims.csv', enc(csv))).toThrow(
      'claims.csv has no "answer" (or "text") column. Its first row should name the columns, e.g. id,question,model,answer; found: id, claim, label.',
    );
  });

  it('lists a row with more cells than the header and an unclosed quote, keeping the rows before', () => {
    const csv = ['id,answer', `b1,"${claims[0].claim}"`, `b2,${claims[1].claim},extra`, `b3,"${claims[2].claim}"`, `b4,"${claims[3].claim}`, `b5,"${claims[4].claim}"`].join('\n');
    const got = parseBatchFile('bad.csv', enc(csv));
    expect(answersOf(got).map((r) => r.id)).toEqual(['b1', 'b3']);
    expect(got.issues.map((i) => i.line)).toEqual([3, 5]);
    expect(got.issues[0].message).toContain('line 3 has 3 cells but the header names 2 columns');
    expect(got.issues[1].message).toContain('line 5: a quoted cell is not closed');
  });

  it('says a header-only CSV has no answers', () => {
    expect(() => parseBatchFile('h.csv', enc('id,answer\n'))).toThrow('h.csv has a header row but no answers.');
  });
});

describe('batch import: files that cannot be read', () => {
  it('says an empty file is empty, and a file of blanks has no rows', () => {
    expect(() => parseBatchFile('e.jsonl', new Uint8Array())).toThrow('e.jsonl is empty.');
    expect(() => parseBatchFile('e.jsonl', enc('\n  \n'))).toThrow('e.jsonl has no rows.');
  });

  it('refuses a file over 50 MB before reading it', async () => {
    let read = false;
    const huge = Object.assign(new Blob([]), { name: 'huge.jsonl' });
    Object.defineProperty(huge, 'size', { value: MAX_BATCH_FILE_BYTES + 1 });
    huge.arrayBuffer = async () => {
      read = true;
      return new ArrayBuffer(0);
    };
    await expect(readBatchFile(huge)).rejects.toMatchObject({ name: 'InputTooLargeError', message: expect.stringContaining('huge.jsonl is 50 MB; a batch file can be at most 50 MB') });
    expect(read).toBe(false);
  });

  it('reads a File (Blob with a name) within the limit', async () => {
    const file = new File([JSON.stringify({ id: 'f1', answer: claims[0].claim })], 'one.jsonl');
    const got = await readBatchFile(file);
    expect(answersOf(got).map((r) => r.id)).toEqual(['f1']);
  });

  it('says when a file is not UTF-8 text (Latin-1 bytes)', () => {
    // "Ménière" in Latin-1: é is the single byte 0xE9, invalid UTF-8.
    const bytes = new Uint8Array([...enc('id,answer\n1,M'), 0xe9, ...enc("ni\u0065re's disease affects the inner ear.\n")]);
    expect(() => parseBatchFile('latin1.csv', bytes)).toThrow(/latin1\.csv is not UTF-8 text/);
    expect(() => parseBatchFile('latin1.csv', bytes)).toThrow(expect.objectContaining({ name: 'BinaryFileError' }));
  });
});

describe('batch import: a claimlens check --input results file', () => {
  it('imports each result as a finished answer (report or error), keeping question, model and tags', () => {
    const report = {
      claims: [
        {
          text: claims[0].claim, start: 0, end: claims[0].claim.length, part: 'answer', verdict: 'supported', confidence: 0.8,
          probabilities: { supported: 0.8, contradicted: 0.1, unverifiable: 0.1 },
          evidence: [{ corpus: 'medquad', chunkId: 'c1', source: 'NIDDK', title: 'Diabetes', passage: claims[0].ref, sentence: claims[0].ref, sentenceStart: 0, sentenceEnd: 10, score: 3 }],
        },
      ],
      stats: { claims: 1, supported: 1, contradicted: 0, unverifiable: 0, hallucination_rate: 0, ms: 4, hallucinationScore: 0.2 },
      corpora: { medquad: 'v1' },
      verifier: 'features@1',
    };
    const file = { results: [{ id: 'r1', question: 'What makes insulin?', model: 'm', tags: { topic: 'diabetes' }, answer: claims[0].claim, report }, { id: 'r2', model: 'm', error: 'record has no text to check' }, { id: 'r3', report: { claims: 'nope' } }] };
    const got = parseBatchFile('results.json', enc(JSON.stringify(file, null, 2)));
    expect(got.kind).toBe('results');
    if (got.kind !== 'results') return;
    expect(got.results).toHaveLength(2);
    expect(got.results[0]).toMatchObject({ id: 'r1', status: 'done', question: 'What makes insulin?', model: 'm', tags: { topic: 'diabetes' }, answer: claims[0].claim });
    // A version 1 report (hallucination_rate) is read in the current format.
    expect(got.results[0].report).toEqual(upgradeReport(report as AnyVersionReport));
    expect(got.results[0].report?.stats).toMatchObject({ contradictedShare: 0 });
    expect(got.results[0].report?.stats).not.toHaveProperty('hallucination_rate');
    expect(got.results[1]).toMatchObject({ id: 'r2', status: 'failed', error: { message: 'record has no text to check' } });
    expect(got.issues).toEqual([{ line: 3, kind: 'skipped', message: expect.stringMatching(/^result 3: "report\.claims" /) }]);
  });
});
