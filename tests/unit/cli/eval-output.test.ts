import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, summaryLine } from '../../../src/cli/claimlens.ts';
import type { Report } from '../../../src/core/types.ts';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const dir = mkdtempSync(join(tmpdir(), 'claimlens-evalout-'));
const corpusFile = join(dir, 'eyes.jsonl');
writeFileSync(
  corpusFile,
  [
    { id: 'g1', title: 'Glaucoma', text: "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness. At first, open-angle glaucoma has no symptoms." },
    { id: 'c1', title: 'Cataract', text: 'A cataract is a clouding of the lens in the eye that affects vision. Most cataracts are related to aging.' },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

describe('claimlens eval: the metrics block', () => {
  it('prints and writes the shown-verdict precision and coverage, ECE and the reliability table, keeping predictions', async () => {
    const input = join(dir, 'claims.jsonl');
    writeFileSync(
      input,
      [
        { id: '1', claim: 'Glaucoma can damage the optic nerve.', label: 'supported', evidence: ["Glaucoma can damage the eye's optic nerve."] },
        { id: '2', claim: 'Glaucoma cannot damage the optic nerve.', label: 'contradicted', evidence: ["Glaucoma can damage the eye's optic nerve."] },
        { id: '3', claim: 'Most cataracts are related to aging.', label: 'supported', topic: 'cataract', split: 'test', ref: 'x' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const out = join(dir, 'eval.json');
    const r = await run(['eval', '--input', input, '--corpus', corpusFile, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/shown verdicts: precision supported/);
    expect(r.out).toMatch(/coverage/);
    expect(r.out).toMatch(/ECE \d\.\d{3}/);
    expect(r.out).toMatch(/mean conf\.\s+accuracy/);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.accuracy).toBeTypeOf('number');
    expect(m.macro_f1).toBeTypeOf('number');
    expect(m.shown.coverage).toBeGreaterThanOrEqual(0);
    expect(m.shown.coverage).toBeLessThanOrEqual(1);
    expect(m.shown.shown_supported + m.shown.shown_contradicted).toBe(m.predictions.filter((p: { predicted: string }) => p.predicted !== 'unverifiable').length);
    expect(m.calibration.bins).toHaveLength(10);
    expect(m.calibration.bins.reduce((s: number, b: { n: number }) => s + b.n, 0)).toBe(3);
    expect(m.calibration.ece).toBeGreaterThanOrEqual(0);
    for (const p of m.predictions) expect(Object.keys(p)).toEqual(expect.arrayContaining(['id', 'gold', 'predicted', 'confidence']));
  });
});

describe('claimlens check: answer-level summary', () => {
  it('prints the shares and the hallucination score', async () => {
    const r = await run(['check', '--text', 'Glaucoma can damage the optic nerve. Most cataracts are related to aging.', '--corpus', corpusFile]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/supported \d+\.\d%, contradicted \d+\.\d%, unchecked \d+\.\d%/);
    expect(r.out).toMatch(/hallucination score \d+\.\d%/);
  });

  it('says n/a, not 0 %, when nothing could be checked; --out keeps {results: [{id, report}]}', async () => {
    const input = join(dir, 'answers.jsonl');
    writeFileSync(input, JSON.stringify({ id: 'z', text: 'Zebras gallop across the savanna.' }));
    const out = join(dir, 'answers.json');
    const r = await run(['check', '--input', input, '--corpus', corpusFile, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hallucination score n\/a \(nothing could be checked\)/);
    const { results } = JSON.parse(readFileSync(out, 'utf8'));
    expect(results[0].id).toBe('z');
    expect(results[0].report.stats.hallucinationScore).toBeNull();
    expect(results[0].report.stats.uncheckedShare).toBe(1);
  });

  it('formats a report made before the answer-level fields', () => {
    const old = { claims: [], corpora: {}, verifier: 'v', stats: { claims: 4, supported: 2, contradicted: 1, unverifiable: 1, hallucination_rate: 0.25, ms: 3 } } as Report;
    expect(summaryLine(old)).toBe(
      '4 claims: 2 supported, 1 contradicted, 1 unverifiable (supported 50.0%, contradicted 25.0%, unchecked 25.0%); hallucination score n/a (nothing could be checked); 3 ms',
    );
  });
});
