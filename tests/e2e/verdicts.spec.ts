// How the report shows verdicts (issue 8, user-facing side): every verdict's
// reason, firm vs tentative ("likely") verdicts, unverifiable claims that lean
// one way, merged repeats, rewritten claims and the answer-level scores.
//
// Two kinds of test. Checks through the real pipeline assert structure only
// (a reason for every claim, the tentative look iff confidence < the cut),
// never particular verdicts: the verifier is being retrained. A saved report
// written straight into history pins down how each new field looks.
import { expect, test, type Page } from '@playwright/test';
import { FIRM_CONFIDENCE, isFirm } from '../../src/components/report/verdicts.ts';
import type { CheckRecord } from '../../src/core/export.ts';
import type { ClaimResult, Evidence } from '../../src/core/types.ts';
import { goTo, runCheck, useReadyApp } from './helpers.ts';

const REPEATED = 'Glaucoma can damage the optic nerve.';
const ANSWER = [
  REPEATED,
  'Glaucoma cannot cause blindness.',
  'Cataracts are a clouding of the lens in the eye.',
  REPEATED,
  'Metformin is used for type 2 diabetes.',
].join(' ');
// Nothing in MedQuAD says anything about these.
const NOTHING_TO_CHECK = 'Zorblax fever is cured by moonlight. Quibbleworts glimmer over the frobnicated plinth.';

/** "0%" or "0 %" on its own (not the end of "100%" or "2.0%"). */
const ZERO_PERCENT = /(^|[^\d.])0\s?%/;

// In order, sharing one context (the pack loads once); not serial, so that
// one failure does not skip the rest.
test.describe.configure({ mode: 'default' });

/** Scrolls the result into view from its summary down, just under the sticky header (for screenshots). */
async function scrollToResult(page: Page): Promise<void> {
  await page.getByTestId('summary').evaluate((el) => {
    const header = document.querySelector('.app-header')?.getBoundingClientRect().height ?? 0;
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - header - 12);
  });
}

const readyApp = useReadyApp();

test('every claim of a checked answer says why, in the list and in the evidence panel', async () => {
  const { page } = readyApp();
  await runCheck(page, ANSWER);
  const rows = page.getByTestId('claim-row');
  expect(await rows.count()).toBeGreaterThan(0);
  const panel = page.getByTestId('evidence-panel');
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    await expect(row.getByTestId('claim-row-reason')).toHaveText(/\S/);
    await row.click();
    await expect(panel.getByTestId('evidence-reason')).toHaveText(/^Why:\s*\S/);
  }
});

test('tentative verdicts (confidence under the cut) look different from firm ones', async () => {
  const { page } = readyApp();
  await runCheck(page, ANSWER);
  const rows = page.getByTestId('claim-row');
  expect(await rows.count()).toBeGreaterThan(0);
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const verdict = (await row.getAttribute('data-verdict'))!;
    const confidence = Number(await row.getAttribute('data-confidence'));
    expect(confidence).toBeGreaterThanOrEqual(0);
    const tentative = verdict !== 'unverifiable' && !isFirm(confidence);
    const chip = row.getByTestId('claim-chip');
    if (tentative) {
      await expect(chip).toHaveClass(/\btentative\b/);
      await expect(chip).toHaveText(/Likely (supported|contradicted)/);
      await expect(row).toHaveAttribute('data-strength', 'tentative');
    } else {
      await expect(chip).not.toHaveClass(/\btentative\b/);
      await expect(chip).not.toHaveText(/Likely/);
    }
  }
  // The legend shows both looks, and they differ by more than colour.
  const legend = page.getByTestId('legend');
  const look = (sel: string) =>
    legend.locator(sel).first().evaluate((el) => {
      const s = getComputedStyle(el);
      return `${s.borderTopStyle}|${s.backgroundColor}`;
    });
  const firm = await look('.chip.supported:not(.tentative)');
  const likely = await look('.chip.supported.tentative');
  expect(firm.split('|')[0]).toBe('solid');
  expect(likely.split('|')[0]).toBe('dashed');
  expect(likely).not.toBe(firm);
  await expect(legend).toContainText(`less than ${Math.round(FIRM_CONFIDENCE * 100)}% sure`);
  await page.mouse.move(0, 0);
  await scrollToResult(page);
  await page.screenshot({ path: 'test-results/verdicts-live-1280x900.png' });
});

test('an answer where no claim could be checked never shows 0 %', async () => {
  const { page } = readyApp();
  await runCheck(page, NOTHING_TO_CHECK);
  const rows = page.getByTestId('claim-row');
  expect(await rows.count()).toBeGreaterThan(0);
  for (let i = 0; i < (await rows.count()); i++) await expect(rows.nth(i)).toHaveAttribute('data-verdict', 'unverifiable');
  const summary = page.getByTestId('summary');
  await expect(summary).toContainText('Hallucination score');
  await expect(page.getByTestId('stat-score')).toContainText('not checked — no claim could be verified against the evidence');
  expect(await summary.innerText()).not.toMatch(ZERO_PERCENT);
  await scrollToResult(page);
  await page.screenshot({ path: 'test-results/verdicts-not-checked-1280x900.png' });

  await goTo(page, 'History');
  const item = page.getByTestId('history-item').first();
  await expect(item).toContainText('Zorblax fever');
  await expect(item.getByTestId('history-score')).toContainText('not checked');
  expect(await item.innerText()).not.toMatch(ZERO_PERCENT);
});

test('a claim said twice is listed once with its count, and both places are highlighted', async () => {
  const { page } = readyApp();
  await runCheck(page, ANSWER);
  const row = page.getByTestId('claim-row').filter({ hasText: REPEATED });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('claim-count')).toContainText('×2');
  await expect(row).toHaveAttribute('data-count', '2');
  const answer = page.getByTestId('highlighted-answer');
  await expect(answer.getByTestId('claim').filter({ hasText: REPEATED })).toHaveCount(1);
  await expect(answer.getByTestId('claim-repeat').filter({ hasText: REPEATED })).toHaveCount(1);
});

// ---- A saved report with every new field, opened from history ------------

const SAVED_ANSWER =
  'Glaucoma is a group of eye diseases. It is always painful. Early treatment can slow vision loss. ' +
  'Glaucoma cannot cause blindness. Early treatment can slow vision loss. Zorblax fever is cured by moonlight. ' +
  'Early treatment can slow vision loss.';

function span(text: string, from = 0): [number, number] {
  const start = SAVED_ANSWER.indexOf(text, from);
  if (start < 0) throw new Error(`not in the answer: ${text}`);
  return [start, start + text.length];
}

function evidence(title: string, sentence: string): Evidence {
  const passage = `${sentence} More about ${title.toLowerCase()} is on the page.`;
  return {
    corpus: 'medquad',
    chunkId: title,
    source: 'NIHSeniorHealth',
    title,
    url: 'https://nihseniorhealth.gov/glaucoma/',
    passage,
    sentence,
    sentenceStart: 0,
    sentenceEnd: sentence.length,
    score: 11.2,
  };
}

function result(text: string, at: [number, number], over: Partial<ClaimResult>): ClaimResult {
  const verdict = over.verdict ?? 'supported';
  const confidence = over.confidence ?? 0.9;
  const rest = (1 - confidence) / 2;
  return {
    text,
    start: at[0],
    end: at[1],
    part: 'answer',
    verdict,
    confidence,
    probabilities: { supported: rest, contradicted: rest, unverifiable: rest, [verdict]: confidence },
    evidence: [evidence('What is (are) Glaucoma?', 'Glaucoma is a group of diseases that can damage the eye’s optic nerve.')],
    ...over,
  };
}

const EARLY = 'Early treatment can slow vision loss.';
const firstEarly = span(EARLY);
const secondEarly = span(EARLY, firstEarly[1]);
const thirdEarly = span(EARLY, secondEarly[1]);

const SAVED: CheckRecord = {
  id: 'saved-verdicts-1',
  createdAt: '2026-12-01T10:00:00.000Z',
  title: 'Glaucoma is a group of eye diseases. It is always…',
  answer: SAVED_ANSWER,
  checkReasoning: false,
  report: {
    claims: [
      result('Glaucoma is a group of eye diseases.', span('Glaucoma is a group of eye diseases.'), {
        confidence: 0.91,
        reason: 'the evidence says the same: glaucoma is a group of diseases of the eye',
      }),
      result('Glaucoma is always painful.', span('It is always painful.'), {
        original: 'It is always painful.',
        verdict: 'contradicted',
        confidence: 0.62,
        reason: 'the claim says always painful; the evidence says there are often no symptoms at first',
      }),
      result(EARLY, firstEarly, {
        confidence: 0.68,
        repeats: [secondEarly, thirdEarly],
        reason: 'the evidence says early treatment can protect the eyes against vision loss',
      }),
      result('Glaucoma cannot cause blindness.', span('Glaucoma cannot cause blindness.'), {
        verdict: 'contradicted',
        confidence: 0.93,
        reason: 'the claim says cannot cause blindness; the evidence says a leading cause of blindness',
      }),
      result('Zorblax fever is cured by moonlight.', span('Zorblax fever is cured by moonlight.'), {
        verdict: 'unverifiable',
        confidence: 0.58,
        lean: 'contradicted',
        reason: 'no passage is about Zorblax fever; the nearest says fevers are treated with medicines',
        evidence: [evidence('What is (are) Fever?', 'Fevers are treated with medicines and fluids.')],
      }),
    ],
    stats: {
      claims: 5,
      supported: 2,
      contradicted: 2,
      unverifiable: 1,
      supportedShare: 0.4,
      contradictedShare: 0.4,
      uncheckedShare: 0.2,
      hallucinationScore: 0.87,
      ms: 35,
    },
    corpora: { medquad: 'test' },
    verifier: 'features@test',
  },
};

const MARKUP = 'Quibbleworts <img src=x onerror="window.__xss=1"> glimmer.';
/** An older report (no shares, no score) where nothing could be checked; its texts are markup. */
const OLD: CheckRecord = {
  id: 'saved-verdicts-0',
  createdAt: '2026-11-01T10:00:00.000Z',
  title: MARKUP,
  answer: MARKUP,
  checkReasoning: false,
  report: {
    claims: [
      {
        text: MARKUP,
        start: 0,
        end: MARKUP.length,
        part: 'answer',
        verdict: 'unverifiable',
        confidence: 0.55,
        probabilities: { supported: 0.2, contradicted: 0.25, unverifiable: 0.55 },
        evidence: [],
        reason: '<b onmouseover="window.__xss=1">no passage</b> mentions it',
      },
    ],
    // As report format 1 stored it (src/core/report-format.ts).
    stats: { claims: 1, supported: 0, contradicted: 0, unverifiable: 1, hallucination_rate: 0, ms: 3 } as CheckRecord['report']['stats'],
    corpora: { medquad: 'test' },
    verifier: 'features@test',
  },
};

async function saveToHistory(page: Page, records: CheckRecord[]): Promise<void> {
  await page.evaluate(
    (recs) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('claimlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('checks', 'readwrite');
          for (const r of recs) tx.objectStore('checks').put(r);
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    records,
  );
}

/** History, freshly read from the database (it is read when the view opens). */
async function showHistory(page: Page): Promise<void> {
  await goTo(page, 'Check');
  await goTo(page, 'History');
}

async function openSaved(page: Page, text: string): Promise<void> {
  await showHistory(page);
  await page.getByTestId('history-item').filter({ hasText: text }).getByTestId('history-open').click();
  await expect(page.getByTestId('result')).toBeVisible();
}

test('a saved report shows reasons, likely and lean verdicts, repeats, rewritten claims and its score', async () => {
  const { page } = readyApp();
  await saveToHistory(page, [SAVED]);
  await showHistory(page);
  const item = page.getByTestId('history-item').filter({ hasText: 'Glaucoma is a group of eye' });
  await expect(item).toContainText('2 supported · 40%');
  await expect(item).toContainText('2 contradicted · 40%');
  await expect(item).toContainText('1 unverifiable · 20% unchecked');
  await expect(item.getByTestId('history-score')).toContainText('Hallucination score: 87%');
  await expect(item.getByTestId('history-score')).toHaveAttribute('title', /leans against the most doubtful claim/);
  await openSaved(page, 'Glaucoma is a group of eye');

  // Answer-level scores.
  await expect(page.getByTestId('share-supported')).toHaveText('40%');
  await expect(page.getByTestId('share-contradicted')).toHaveText('40%');
  await expect(page.getByTestId('share-unchecked')).toHaveText('20% unchecked');
  await expect(page.getByTestId('stat-score')).toHaveText('87%');
  await expect(page.getByTestId('summary')).toContainText('leans against the most doubtful claim', { ignoreCase: true });

  const rows = page.getByTestId('claim-row');
  await expect(rows).toHaveCount(5);
  // Firm and tentative chips.
  await expect(rows.nth(0).getByTestId('claim-chip')).toHaveText('✓ Supported');
  await expect(rows.nth(0).getByTestId('claim-chip')).not.toHaveClass(/tentative/);
  await expect(rows.nth(1).getByTestId('claim-chip')).toHaveText('✗ Likely contradicted');
  await expect(rows.nth(1).getByTestId('claim-chip')).toHaveClass(/tentative/);
  await expect(rows.nth(3).getByTestId('claim-chip')).toHaveText('✗ Contradicted');
  // Reasons in every row.
  for (let i = 0; i < 5; i++) await expect(rows.nth(i).getByTestId('claim-row-reason')).toHaveText(SAVED.report.claims[i].reason!);
  // A rewritten claim: the text checked, and the words as written.
  await expect(rows.nth(1)).toContainText('Glaucoma is always painful.');
  await expect(rows.nth(1).getByTestId('claim-row-original')).toContainText('It is always painful.');
  // Repeats: one row with its count, every place highlighted.
  await expect(rows.nth(2).getByTestId('claim-count')).toContainText('×3');
  const answer = page.getByTestId('highlighted-answer');
  await expect(answer.getByTestId('claim')).toHaveCount(5);
  await expect(answer.getByTestId('claim-repeat')).toHaveCount(2);
  await expect(answer.locator('[data-claim="2"]')).toHaveCount(3);
  // A lean.
  await expect(rows.nth(4).getByTestId('claim-row-lean')).toHaveText('evidence leans contradicted');

  const panel = page.getByTestId('evidence-panel');
  await rows.nth(1).click();
  await expect(panel.getByTestId('evidence-reason')).toHaveText(`Why: ${SAVED.report.claims[1].reason}`);
  await expect(panel.getByTestId('evidence-original')).toHaveText(/^\s*It is always painful\.\s*→ reads as\s*Glaucoma is always painful\.\s*$/);
  await expect(panel.getByTestId('evidence-verdict')).toHaveText('✗ Likely contradicted');
  await expect(panel.getByTestId('tentative-note')).toContainText(`less than ${Math.round(FIRM_CONFIDENCE * 100)}%`);

  // Clicking any highlighted repeat selects the merged claim.
  await answer.getByTestId('claim-repeat').last().click();
  await expect(rows.nth(2)).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('evidence-count')).toHaveText('×3');
  await expect(answer.locator('[data-claim="2"].selected')).toHaveCount(3);

  await rows.nth(4).click();
  await expect(panel.getByTestId('evidence-verdict')).toHaveText('? Unverifiable');
  await expect(panel.getByTestId('evidence-lean')).toHaveText('— evidence leans contradicted');
  await expect(panel.getByTestId('evidence').first()).toContainText('Nearest evidence');
  await expect(panel.getByTestId('evidence-sentence')).toHaveText('Fevers are treated with medicines and fluids.');

  await rows.nth(1).click();
  await page.mouse.move(0, 0);
  await scrollToResult(page);
  await page.screenshot({ path: 'test-results/verdicts-1280x900.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await scrollToResult(page);
  await page.screenshot({ path: 'test-results/verdicts-390x844.png' });
  // Nothing wider than the phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/verdicts-390x844-full.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('an older report without scores, where nothing was checked, says so; markup stays text', async () => {
  const { page } = readyApp();
  await saveToHistory(page, [OLD]);
  await showHistory(page);
  const item = page.getByTestId('history-item').filter({ hasText: 'Quibbleworts <img' });
  await expect(item.getByTestId('history-score')).toContainText('not checked — no claim could be verified against the evidence');
  expect(await item.innerText()).not.toMatch(ZERO_PERCENT);
  await openSaved(page, 'Quibbleworts <img');
  await expect(page.getByTestId('stat-score')).toContainText('not checked');
  await expect(page.getByTestId('share-supported')).toHaveCount(0);
  await expect(page.getByTestId('share-unchecked')).toHaveText('100% unchecked');
  expect(await page.getByTestId('summary').innerText()).not.toMatch(ZERO_PERCENT);
  const row = page.getByTestId('claim-row').first();
  await expect(row.getByTestId('claim-row-reason')).toHaveText('<b onmouseover="window.__xss=1">no passage</b> mentions it');
  await expect(row).toContainText('<img src=x onerror="window.__xss=1">');
  await row.hover();
  await page.getByTestId('claim').first().hover();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('[data-testid="result"] img')).toHaveCount(0);
});
