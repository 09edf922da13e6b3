// Report format 2 (src/core/report-format.ts): reports and results files say
// their version and use camelCase fields only; files that version 1 wrote
// (no version, `stats.hallucination_rate`) are still read, and read the same.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/claimlens.ts';
import { REPORT_FORMAT_VERSION, readResultsFile, upgradeReport, type AnyVersionReport } from '../../src/core/report-format.ts';
import { checksToJSON, type CheckRecord } from '../../src/core/export.ts';
import { conversationsToJSON, type Conversation } from '../../src/core/conversation.ts';
import { MalformedFileError } from '../../src/core/errors.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every key of a JSON value, at any depth. */
function keys(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keys(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keys(v, into);
    }
  }
  return into;
}

/** A report as version 1 wrote it: no version, hallucination_rate, and (older still) no shares. */
function toVersion1(report: Record<string, unknown>, withShares: boolean): Record<string, unknown> {
  const { formatVersion: _v, stats, ...rest } = report as { formatVersion: number; stats: Record<string, unknown> };
  const { supportedShare, contradictedShare, uncheckedShare, ...counts } = stats;
  return {
    ...rest,
    stats: { ...counts, hallucination_rate: contradictedShare, ...(withShares ? { supportedShare, contradictedShare, uncheckedShare } : {}) },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'claimlens-report-format-'));
const evidence = [
  "Glaucoma is a group of diseases that can damage the eye's optic nerve and result in vision loss and blindness.",
  'A cataract is a clouding of the lens in the eye that affects vision. Most cataracts are related to aging.',
];
const answers = join(dir, 'answers.jsonl');
writeFileSync(
  answers,
  [
    { id: 'a1', model: 'm1', answer: 'Glaucoma can damage the optic nerve. A cataract is a clouding of the lens.', evidence },
    { id: 'a2', model: 'm2', answer: 'Glaucoma never damages the optic nerve. Cataracts are caused by moonlight.', evidence },
    { id: 'a3', model: 'm2', answer: 'Cataracts are related to aging.', evidence },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
);

describe('report format 2', () => {
  it('check --input writes a versioned results file whose every field is camelCase', async () => {
    const out = join(dir, 'results.json');
    expect((await run(['check', '--input', answers, '--out', out])).code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.format).toBe('claimlens-results');
    expect(file.formatVersion).toBe(REPORT_FORMAT_VERSION);
    expect(file.results).toHaveLength(3);
    for (const r of file.results) expect(r.report.formatVersion).toBe(REPORT_FORMAT_VERSION);
    expect([...keys(file)].filter((k) => !/^[a-z][a-zA-Z0-9]*$/.test(k))).toEqual([]);
    expect(keys(file).has('contradictedShare')).toBe(true);
  });

  it('report --input reads a results file of version 1 exactly as the same file in version 2', async () => {
    const v2File = join(dir, 'results-v2.json');
    expect((await run(['check', '--input', answers, '--out', v2File])).code).toBe(0);
    const v2 = JSON.parse(readFileSync(v2File, 'utf8'));
    // Version 1 files: `{results}` alone; reports without a version, with hallucination_rate, the oldest without shares.
    const v1 = { results: v2.results.map((r: { report: Record<string, unknown> }, i: number) => ({ ...r, report: toVersion1(r.report, i !== 0) })) };
    const v1File = join(dir, 'results-v1.json');
    writeFileSync(v1File, JSON.stringify(v1, null, 2));
    expect(readFileSync(v1File, 'utf8')).toContain('"hallucination_rate"');

    const fromV2 = await run(['report', '--input', v2File, '--out', join(dir, 'v2.html'), '--title', 'Eyes']);
    const fromV1 = await run(['report', '--input', v1File, '--out', join(dir, 'v1.html'), '--title', 'Eyes']);
    expect(fromV1.code).toBe(0);
    expect(fromV1.err).toBe('');
    expect(fromV1.out.replace(/v1\.html/, 'v2.html')).toBe(fromV2.out);
    expect(fromV1.out).toMatch(/^m2: 2 answers, \d+ claims/m);
    const html = (f: string) => readFileSync(join(dir, f), 'utf8').replace(/made \S+ by ClaimLens/, 'made … by ClaimLens');
    expect(html('v1.html')).toContain('<h1>Eyes</h1>');
    expect(html('v1.html')).toBe(html('v2.html'));
    // In memory, the old reports read as the new ones.
    expect(readResultsFile(v1, 'results-v1.json')).toEqual(v2.results);
  });

  it('refuses a results file of a newer version, in one line', async () => {
    const newer = join(dir, 'results-v9.json');
    writeFileSync(newer, JSON.stringify({ format: 'claimlens-results', formatVersion: 9, results: [{ id: 'a1' }] }));
    const r = await run(['report', '--input', newer, '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^claimlens: .*results-v9\.json uses report format version 9, .* reads up to version 2/);
    expect(r.err.split('\n')).toHaveLength(1);
    const other = join(dir, 'checks.json');
    writeFileSync(other, JSON.stringify({ format: 'claimlens-checks', formatVersion: 2, results: [] }));
    expect((await run(['report', '--input', other, '--out', join(dir, 'y.html')])).err).toMatch(/is a "claimlens-checks" file/);
  });
});

const OLD_REPORT: AnyVersionReport = {
  claims: [],
  stats: { claims: 4, supported: 2, contradicted: 1, unverifiable: 1, hallucination_rate: 0.25, ms: 3 },
  corpora: { medquad: 'v7' },
  verifier: 'features@1',
};

describe('upgradeReport', () => {
  it('reads hallucination_rate as contradictedShare and fills the shares from the counts', () => {
    expect(upgradeReport(OLD_REPORT)).toEqual({
      formatVersion: 2,
      claims: [],
      stats: { claims: 4, supported: 2, contradicted: 1, unverifiable: 1, ms: 3, supportedShare: 0.5, contradictedShare: 0.25, uncheckedShare: 0.25 },
      corpora: { medquad: 'v7' },
      verifier: 'features@1',
    });
    expect(OLD_REPORT.stats.hallucination_rate).toBe(0.25); // the argument is left as it was
  });

  it('leaves a current report as it is', () => {
    const current = upgradeReport(OLD_REPORT);
    expect(upgradeReport(current)).toEqual(current);
  });

  it('refuses a report of a newer version', () => {
    expect(() => upgradeReport({ ...OLD_REPORT, formatVersion: 3 }, 'report.json')).toThrow(MalformedFileError);
    expect(() => upgradeReport({ ...OLD_REPORT, formatVersion: 3 }, 'report.json')).toThrow(/report\.json uses report format version 3/);
  });
});

describe('exports of stored checks and conversations', () => {
  // Checks stored in IndexedDB before format 2 keep their old reports; exports write them in format 2.
  const record = { id: 'c1', createdAt: '2026-11-01T10:00:00.000Z', title: 't', answer: 'a', checkReasoning: false, report: OLD_REPORT } as CheckRecord;

  it('History export: version 2, reports in format 2', () => {
    const file = JSON.parse(checksToJSON([record]));
    expect(file).toMatchObject({ format: 'claimlens-checks', formatVersion: 2 });
    expect(file.checks[0].report).toEqual(upgradeReport(OLD_REPORT));
    expect(keys(file).has('hallucination_rate')).toBe(false);
  });

  it('conversation export: version 2, reports in format 2', () => {
    const conversation = {
      id: 'v1',
      title: 'Glaucoma',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      systemPrompt: '',
      turns: [
        { role: 'user', id: 'q', createdAt: '2026-11-01T10:00:00.000Z', content: 'What is glaucoma?' },
        {
          role: 'assistant',
          id: 'r',
          createdAt: '2026-11-01T10:00:01.000Z',
          engine: { kind: 'fake', model: 'fake' },
          content: 'Glaucoma damages the optic nerve.',
          reasoning: '',
          text: 'Glaucoma damages the optic nerve.',
          status: 'done',
          check: { report: OLD_REPORT, checkReasoning: false, claimSource: 'rules', checkedAt: '2026-11-01T10:00:02.000Z' },
        },
      ],
    } as unknown as Conversation;
    const file = JSON.parse(conversationsToJSON([conversation]));
    expect(file).toMatchObject({ format: 'claimlens-conversations', formatVersion: 2 });
    expect(file.conversations[0].turns[1].check.report).toEqual(upgradeReport(OLD_REPORT));
    expect(file.conversations[0].turns[0]).toEqual(conversation.turns[0]);
    expect(keys(file).has('hallucination_rate')).toBe(false);
  });
});
