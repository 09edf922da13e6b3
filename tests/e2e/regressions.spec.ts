// The wrong verdicts reported in issue 8, pasted into the Check view of the
// built app (MedQuAD pack, the checker worker, the offline verifier): each
// must come out right, with its reason and evidence. The same cases run
// through the CLI in tests/unit/verify/regressions.test.ts.
import { expect, test, type Page } from '@playwright/test';
import { runCheck, useReadyApp } from './helpers.ts';

test.describe.configure({ mode: 'default' });

const readyApp = useReadyApp();

/** Checks one claim and opens its evidence; returns the claim row and the panel. */
async function checkOne(page: Page, text: string) {
  await runCheck(page, text);
  const rows = page.getByTestId('claim-row');
  await expect(rows).toHaveCount(1);
  const claim = page.getByTestId('claim').first();
  await claim.click();
  const panel = page.getByTestId('evidence-panel');
  await expect(panel.getByTestId('evidence-reason')).not.toBeEmpty();
  return { claim, panel };
}

const CASES: { text: string; verdict: string; reason?: RegExp; evidence?: RegExp }[] = [
  { text: 'Insulin is made in the liver.', verdict: 'contradicted', reason: /liver.*pancreas/, evidence: /made in the pancreas/ },
  { text: 'Metformin is usually the first medicine prescribed for type 2 diabetes.', verdict: 'unverifiable' },
  { text: 'Type 1 diabetes is caused by eating too much sugar.', verdict: 'contradicted' },
  { text: 'Inhaled corticosteroids are used to control asthma long term.', verdict: 'supported', evidence: /long-term control of asthma/ },
  { text: 'Asthma spreads by coughing.', verdict: 'unverifiable' },
  { text: 'Hypertension often has no symptoms.', verdict: 'supported' },
];

for (const c of CASES) {
  test(`"${c.text}" → ${c.verdict}`, async () => {
    const { claim, panel } = await checkOne(readyApp().page, c.text);
    await expect(claim).toHaveAttribute('data-verdict', c.verdict);
    if (c.reason) await expect(panel.getByTestId('evidence-reason')).toContainText(c.reason);
    if (c.evidence) await expect(panel).toContainText(c.evidence);
    // "Hypertension" never finds pulmonary hypertension first.
    if (/Hypertension/.test(c.text)) await expect(panel.getByTestId('evidence-title').first()).not.toContainText(/pulmonary/i);
  });
}

test('"It is always painful…" after a glaucoma sentence reads as a glaucoma claim and is contradicted', async () => {
  const { page } = readyApp();
  await runCheck(page, 'Glaucoma damages the optic nerve. It is always painful in its early stages.');
  const claims = page.getByTestId('claim');
  await expect(claims).toHaveCount(2);
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(1)).toHaveAttribute('data-verdict', 'contradicted');
  await claims.nth(1).click();
  const panel = page.getByTestId('evidence-panel');
  await expect(panel.getByTestId('evidence-original')).toContainText('Glaucoma is always painful');
  await expect(panel.getByTestId('evidence-reason')).toContainText(/painful/);
  await expect(panel.getByTestId('evidence-title').first()).toContainText(/glaucoma/i);
});
