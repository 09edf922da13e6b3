import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/claimlens.ts';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }).then((code) => ({
    code,
    out: out.join('\n'),
    err: err.join('\n'),
  }));
}

const dir = mkdtempSync(join(tmpdir(), 'claimlens-cli-'));
const corpusFile = join(dir, 'eyes.jsonl');
writeFileSync(
  corpusFile,
  [
    { id: 'g1', title: 'Glaucoma', url: 'https://www.nei.nih.gov/glaucoma', text: "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness. Open-angle glaucoma is the most common form." },
    { id: 'c1', title: 'Cataract', url: 'https://www.nei.nih.gov/cataract', text: 'A cataract is a clouding of the lens in the eye that affects vision. Most cataracts are related to aging.' },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

describe('claimlens check', () => {
  it('checks --text against a corpus file and writes a JSON report', async () => {
    const out = join(dir, 'report.json');
    const r = await run(['check', '--text', 'Glaucoma can damage the optic nerve. Cataracts are a clouding of the lens in the eye.', '--corpus', corpusFile, '--out', out]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.stats.claims).toBe(2);
    expect(report.claims[0].verdict).toBe('supported');
    expect(report.claims[0].evidence[0].url).toBe('https://www.nei.nih.gov/glaucoma');
    expect(report.claims[1].evidence[0].title).toMatch(/Cataract/);
    expect(r.out).toMatch(/2 claims/);
  });

  it('uses the evidence given with each answer in --input answers.jsonl', async () => {
    const input = join(dir, 'answers.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a1', text: 'Vitamin C is found in oranges.', evidence: ['Oranges are a rich source of vitamin C.'] }),
        JSON.stringify({ id: 'a2', text: '' }),
      ].join('\n'),
    );
    const out = join(dir, 'answers-report.json');
    const r = await run(['check', '--input', input, '--out', out]);
    expect(r.code).toBe(0);
    const { results } = JSON.parse(readFileSync(out, 'utf8'));
    expect(results[0].id).toBe('a1');
    expect(results[0].report.claims[0].evidence[0].passage).toMatch(/Oranges/);
    expect(results[1].error).toMatch(/no text/i);
  });

  it('refuses an answers file with bad lines before checking anything, naming each line', async () => {
    const input = join(dir, 'bad-answers.jsonl');
    const out = join(dir, 'bad-answers-report.json');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 1, answer: 'Glaucoma can damage the optic nerve.' }),
        JSON.stringify('Cataracts cloud the lens.'),
        '',
        JSON.stringify({ id: 3, question: 'What is a cataract?', model: 'm1' }),
        JSON.stringify({ id: 4, text: 'Cataracts cloud the lens.', evidence: ['A cataract is a clouding of the lens.', 7] }),
        '{"id": 5, "text": "unterminated',
      ].join('\n'),
    );
    const r = await run(['check', '--input', input, '--corpus', corpusFile, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${input} has 4 bad lines, nothing was run: `);
    expect(r.err).toContain('line 2: expected object, got "Cataracts cloud the lens."');
    expect(r.err).toContain('line 4: no "text" (or "answer") string');
    expect(r.err).toContain('line 5: evidence[1]: expected string, got 7');
    expect(r.err).toMatch(/\(and 1 more\)\.$/);
    expect(r.out).toBe('');
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });

  it('reads "answer" for "text", numeric ids and null columns', async () => {
    const input = join(dir, 'answer-column.jsonl');
    writeFileSync(input, JSON.stringify({ id: 7, answer: 'Glaucoma can damage the optic nerve.', question: null, evidence: null, site: 'nei' }));
    const r = await run(['check', '--input', input, '--corpus', corpusFile, '--json']);
    expect(r.code).toBe(0);
    const { results } = JSON.parse(r.out);
    expect(results[0]).toMatchObject({ id: '7', tags: { site: 'nei' } });
    expect(results[0].report.claims[0].verdict).toBe('supported');
  });

  it('fails with one line and a non-zero exit on bad input', async () => {
    const empty = await run(['check', '--text', '   ', '--corpus', corpusFile]);
    expect(empty.code).toBe(1);
    expect(empty.err.split('\n')).toHaveLength(1);
    expect(empty.err).toBe('claimlens: the text given with --text is empty');

    const blank = await run(['check', '--text', '', '--corpus', corpusFile]);
    expect(blank.code).toBe(1);
    expect(blank.err).toBe('claimlens: the text given with --text is empty');
    expect(blank.err).not.toMatch(/needs --text/);

    const huge = await run(['check', '--text', 'Asthma is a lung disease. '.repeat(50_000), '--corpus', corpusFile]);
    expect(huge.code).toBe(1);
    expect(huge.err).toMatch(/characters at a time/);

    const binary = join(dir, 'blob.txt');
    writeFileSync(binary, Buffer.from([0x00, 0xff, 0x10, 0x00, 0x9f]));
    const bin = await run(['check', '--text', 'Asthma is a lung disease.', '--corpus', binary]);
    expect(bin.code).toBe(1);
    expect(bin.err.split('\n')).toHaveLength(1);

    const missing = await run(['check', '--text', 'Asthma is a lung disease.', '--corpus', join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/not found/i);

    const usage = await run(['frobnicate']);
    expect(usage.code).toBe(2);
  });
});

describe('claimlens eval', () => {
  it('prints and writes accuracy, macro-F1, per-label scores, the confusion matrix and claims/s', async () => {
    const input = join(dir, 'claims.jsonl');
    writeFileSync(
      input,
      [
        { id: '1', claim: 'Glaucoma can damage the optic nerve.', label: 'supported', evidence: ["Glaucoma can damage the eye's optic nerve."] },
        { id: '2', claim: 'Glaucoma cannot damage the optic nerve.', label: 'contradicted', evidence: ["Glaucoma can damage the eye's optic nerve."] },
        { id: '3', claim: 'Most cataracts are related to aging.', label: 'supported' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const out = join(dir, 'eval.json');
    const r = await run(['eval', '--input', input, '--corpus', corpusFile, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/accuracy=/);
    expect(r.out).toMatch(/macro-F1=/);
    expect(r.out).toMatch(/confusion/);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.n).toBe(3);
    expect(m.mode).toBe('mixed');
    expect(m.claims_per_second).toBeGreaterThan(0);
    expect(m.predictions.map((p: { id: string }) => p.id)).toEqual(['1', '2', '3']);
    expect(m.confusion.supported.supported + m.confusion.supported.contradicted + m.confusion.supported.unverifiable).toBe(2);
  });

  it('names the line and field of a claims file of the wrong shape', async () => {
    const input = join(dir, 'bad-claims.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', claim: 'Glaucoma can damage the optic nerve.', label: 'supported' }),
        JSON.stringify({ id: 'b', claim: 'Cataracts cloud the lens.', label: 'supported', evidence: 'A cataract is a clouding of the lens.' }),
        JSON.stringify({ id: 'c', label: 'refuted' }),
      ].join('\n'),
    );
    const r = await run(['eval', '--input', input]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`claimlens: ${input} has 2 bad lines, nothing was run: line 2: evidence: expected list, got "A cataract is a clouding of the lens."; line 3: claim: missing.`);
  });

  it('rejects an unknown label with a clear message', async () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, JSON.stringify({ id: 'x', claim: 'A claim.', label: 'maybe', evidence: ['A claim.'] }));
    const r = await run(['eval', '--input', input]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/label "maybe"/);
  });
});
