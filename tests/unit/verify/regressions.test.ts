// Wrong verdicts reported in issue 8, checked the way a user gets them: the
// `claimlens check` command with the built MedQuAD pack (retrieval, claims,
// verification, report). Regression cases, not the target of tuning.
// Skipped, with a message, when the pack has not been built (`npm run evidence`).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/claimlens.ts';
import { DEFAULT_PACK } from '../../../src/cli/corpus.ts';
import type { Report } from '../../../src/core/types.ts';

const hasPack = existsSync(DEFAULT_PACK);
if (!hasPack) console.warn(`No evidence pack at ${DEFAULT_PACK} (run \`npm run evidence\`): the issue-8 regression cases are skipped.`);

async function check(text: string): Promise<Report> {
  const out: string[] = [];
  const code = await main(['check', '--text', text, '--json'], { out: (s) => out.push(s), err: () => {} });
  expect(code).toBe(0);
  return JSON.parse(out.join('\n')) as Report;
}

async function only(text: string) {
  const report = await check(text);
  expect(report.claims).toHaveLength(1);
  const [c] = report.claims;
  expect(c.reason, 'every verdict says why').toBeTruthy();
  return c;
}

describe.skipIf(!hasPack)('issue 8 regression cases with the MedQuAD pack (CLI)', () => {
  it('"Insulin is made in the liver." is contradicted: the claim says liver, the evidence pancreas', async () => {
    const c = await only('Insulin is made in the liver.');
    expect(c.verdict).toBe('contradicted');
    expect(c.reason).toMatch(/liver.*pancreas/);
    expect(c.evidence[c.decidingEvidence ?? 0].sentence).toMatch(/Insulin is made in the pancreas/);
  });

  it('"Metformin is usually the first medicine…" is not contradicted by a diabetes-prevention passage', async () => {
    const c = await only('Metformin is usually the first medicine prescribed for type 2 diabetes.');
    expect(c.verdict).toBe('unverifiable');
  });

  it('"Type 1 diabetes is caused by eating too much sugar." gets a verdict against it', async () => {
    const c = await only('Type 1 diabetes is caused by eating too much sugar.');
    expect(c.verdict).toBe('contradicted');
    expect(c.evidence[c.decidingEvidence ?? 0].title).toMatch(/type 1/i);
  }, 20_000);

  it('"Inhaled corticosteroids are used to control asthma long term." is supported by the long-term-control passage', async () => {
    const c = await only('Inhaled corticosteroids are used to control asthma long term.');
    expect(c.verdict).toBe('supported');
    expect(c.evidence[c.decidingEvidence ?? 0].sentence).toMatch(/preferred medicine for long-term control of asthma/);
  });

  it('"Asthma spreads by coughing." is not supported because coughing is a symptom', async () => {
    const c = await only('Asthma spreads by coughing.');
    expect(c.verdict).not.toBe('supported');
    expect(c.verdict).not.toBe('contradicted');
  });

  it('"Hypertension often has no symptoms." is supported by high blood pressure evidence, not pulmonary hypertension', async () => {
    const c = await only('Hypertension often has no symptoms.');
    expect(c.verdict).toBe('supported');
    for (const e of c.evidence) expect(e.title).not.toMatch(/pulmonary/i);
  });

  it('"Glaucoma damages the optic nerve… It is always painful in its early stages." resolves "It" and is contradicted from the glaucoma page', async () => {
    const report = await check('Glaucoma damages the optic nerve. It is always painful in its early stages.');
    expect(report.claims.map((c) => c.verdict)).toEqual(['supported', 'contradicted']);
    const second = report.claims[1];
    expect(second.text).toBe('Glaucoma is always painful in its early stages.');
    expect(second.original).toBe('It is always painful in its early stages.');
    const evidence = second.evidence[second.decidingEvidence ?? 0];
    expect(evidence.title).toMatch(/Glaucoma/);
    expect(evidence.sentence).toMatch(/no symptoms|no pain/);
  });

  it('merges repeated claims, drops a dangling "so", and never glues text around markup', async () => {
    const nine = [
      'Hypertension often has no symptoms.', 'Glaucoma damages the optic nerve.', 'Insulin is made in the pancreas.',
      'Asthma is a chronic disease of the airways.', 'Smoking raises the risk of lung cancer.', 'Cataracts cloud the lens of the eye.',
      'Type 2 diabetes can often be managed with diet and exercise.', 'Gout is a form of arthritis.', 'Anemia means a low red blood cell count.',
    ];
    const once = await check(nine.join(' '));
    const repeated = await check(Array.from({ length: 19 }, () => nine.join(' ')).join('\n\n'));
    expect(repeated.claims.map((c) => c.text)).toEqual(once.claims.map((c) => c.text));
    for (const c of repeated.claims) expect(c.repeats).toHaveLength(18);
    const so = await check('Hypertension often has no symptoms, so');
    expect(so.claims.map((c) => c.text)).toEqual(['Hypertension often has no symptoms.']);
    const markup = await check('Glaucoma damages the optic nerve<script>alert(1)</script> Cataracts cloud the lens<img src=x onerror=alert(1)> of the eye.');
    for (const c of markup.claims) expect(c.text).not.toMatch(/<|alert|onerror/);
    expect(markup.claims.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('never reads "0 %" for an answer that could not be checked', async () => {
    const report = await check('Zorblax is made of quintessence.');
    expect(report.stats.hallucinationScore ?? null).toBeNull();
  });
});

describe.skipIf(!hasPack)('myths that share the words but not the relation (CLI, MedQuAD pack)', () => {
  it('"Type 2 diabetes is caused by eating too much sugar." is not supported by a passage about eating and blood sugar', async () => {
    const c = await only('Type 2 diabetes is caused by eating too much sugar.');
    expect(c.verdict).not.toBe('supported');
  });

  it('"Shingles is caused by the varicella-zoster virus." is not contradicted by "…would not develop shingles"', async () => {
    const c = await only('Shingles is caused by the varicella-zoster virus.');
    expect(c.verdict).not.toBe('contradicted');
  });
});
