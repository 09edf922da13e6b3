import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupStats, histogram, wilson, type BatchResult } from '../../../src/core/batch/stats.ts';
import { escapeHtml, renderHtmlReport } from '../../../src/core/batch/html-report.ts';
import { main } from '../../../src/cli/claimlens.ts';
import type { ClaimResult, Report, Verdict } from '../../../src/core/types.ts';

function claim(verdict: Verdict, confidence: number, text = 'x'): ClaimResult {
  return {
    text, start: 0, end: 1, part: 'answer', verdict, confidence,
    probabilities: { supported: 0.3, contradicted: 0.3, unverifiable: 0.4 },
    reason: `because ${verdict}`,
    evidence: [{ corpus: 'c', chunkId: 'c#1', source: 's', title: 'T <b>', url: 'javascript:alert(1)', passage: 'p', sentence: 'p', sentenceStart: 0, sentenceEnd: 1, score: 1 }],
  };
}

function report(claims: ClaimResult[], score: number | null): Report {
  return {
    claims,
    stats: { claims: claims.length, supported: 0, contradicted: 0, unverifiable: 0, ms: 1, hallucinationScore: score },
    corpora: {},
    verifier: 'v',
  };
}

describe('batch statistics', () => {
  it('gives Wilson 95 % intervals (hand-computed values)', () => {
    // 8 of 10: centre (0.8 + 1.9208/10) / 1.38415 = 0.7167, half-width 0.2265.
    const w = wilson(8, 10);
    expect(w.share).toBeCloseTo(0.8);
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 20).low).toBe(0);
    expect(wilson(0, 20).high).toBeCloseTo(0.1611, 3);
    expect(wilson(0, 0)).toEqual({ share: 0, low: 0, high: 0 });
  });

  it('bins values in [0, 1] with the last bin closed', () => {
    expect(histogram([0, 0.05, 0.1, 0.99, 1], 10).counts).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('groups by model or by a tag, counts claims, failures and answers nothing could check', () => {
    const results: BatchResult[] = [
      { id: '1', model: 'a', tags: { topic: 'eyes' }, report: report([claim('supported', 0.8), claim('contradicted', 0.6)], 0.7) },
      { id: '2', model: 'a', tags: { topic: 'heart' }, report: report([claim('unverifiable', 0.5)], null) },
      { id: '3', model: 'b', report: report([claim('supported', 0.9)], 0.3) },
      { id: '4', model: 'b', error: 'empty' },
    ];
    const [a, b] = groupStats(results);
    expect(a).toMatchObject({ group: 'a', answers: 2, claims: 3, failed: 0, unscored: 1, counts: { supported: 1, contradicted: 1, unverifiable: 1 } });
    expect(a.meanScore).toBeCloseTo(0.7);
    expect(a.shares.supported.share).toBeCloseTo(1 / 3);
    expect(b).toMatchObject({ group: 'b', answers: 2, claims: 1, failed: 1 });
    expect(groupStats(results, 'topic').map((g) => g.group)).toEqual(['eyes', 'heart', '(none)']);
  });
});

describe('HTML report', () => {
  const results: BatchResult[] = [
    { id: 'q1<script>', model: 'model <img src=x onerror=alert(1)>', report: report([claim('contradicted', 0.7, 'Insulin is made in the <b>liver</b>.')], 0.8) },
    { id: 'q2', model: 'other', report: report([claim('supported', 0.8, 'Glaucoma damages the optic nerve.')], 0.2) },
  ];
  const html = renderHtmlReport(results, { generatedAt: '2026-12-07T10:00:00Z' });

  it('escapes every text from answers, models and evidence', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Insulin is made in the &lt;b&gt;liver&lt;/b&gt;.');
    expect(html).not.toContain('javascript:');
  });

  it('is self-contained: no script, no external resource, a CSP that forbids requests', () => {
    expect(html).not.toMatch(/<script|<link|src="http|url\(/i);
    expect(html).toContain(`default-src 'none'`);
  });

  it('has a chart and a table for each figure, and every claim with its reason', () => {
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect(html).toContain('model &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/100\.0% <span class="ci">\[/);
    expect(html).toContain('because contradicted');
    expect(html).toContain('Glaucoma damages the optic nerve.');
  });
});

describe('claimlens report and check --input fields', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimlens-report-'));
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('keeps question, model and tags from answers.jsonl and writes the HTML report from the results', async () => {
    const answers = join(dir, 'answers.jsonl');
    const evidence = ["Glaucoma is a group of diseases that can damage the eye's optic nerve."];
    writeFileSync(
      answers,
      [
        { id: 'a1', question: 'What is glaucoma?', model: 'm1', topic: 'eyes', answer: 'Glaucoma can damage the optic nerve.', evidence },
        { id: 'a2', question: 'What is glaucoma?', model: 'm2', topic: 'eyes', text: 'Glaucoma never damages the optic nerve.', evidence },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const results = join(dir, 'results.json');
    expect((await run(['check', '--input', answers, '--out', results])).code).toBe(0);
    const written = JSON.parse(readFileSync(results, 'utf8')).results as BatchResult[];
    expect(written.map((r) => [r.id, r.question, r.model, r.tags])).toEqual([
      ['a1', 'What is glaucoma?', 'm1', { topic: 'eyes' }],
      ['a2', 'What is glaucoma?', 'm2', { topic: 'eyes' }],
    ]);
    const html = join(dir, 'report.html');
    const r = await run(['report', '--input', results, '--out', html]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^m1: 1 answers, 1 claims/m);
    expect(r.out).toMatch(/^m2: 1 answers, 1 claims/m);
    expect(readFileSync(html, 'utf8')).toContain('Glaucoma never damages the optic nerve.');
  });

  it('refuses a file that is not a results file, in one line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"claims": []}');
    const r = await run(['report', '--input', bad, '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^claimlens: .*has no "results" list/);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
