// Phones (issue 11): every view fits 360–430 px with no sideways scroll, the
// header stays one compact row whose links are all reachable (by touch and
// by keyboard), and picking a claim opens its evidence as a bottom sheet
// (a modal dialog: focus moves in, Escape or Close closes it and gives the
// focus back). Screenshots at 390×844 and 1280×900 go to test-results/.
import { expect, test, type Page } from '@playwright/test';
import { loadFakeModel, ask, openAskApp, waitChecked } from './ask-helpers.ts';
import { goTo, openApp, runCheck, waitReady, type App } from './helpers.ts';

const SUPPORTED = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";
const CONTRADICTED = 'Glaucoma cannot cause blindness.';
const ANSWER = `${SUPPORTED} ${CONTRADICTED}`;
const VIEWS = ['Check', 'Ask', 'Batch', 'Corpora', 'History', 'Settings'] as const;
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: 'serial' });

let app: App;
let page: Page;

test.beforeAll(async ({ browser }) => {
  app = await openApp(browser);
  page = app.page;
  await page.setViewportSize(PHONE);
  await page.goto('/');
  await waitReady(page);
  await runCheck(page, ANSWER);
  await expect(page.getByTestId('claim')).toHaveCount(2);
});

test.afterAll(async () => {
  await app.context.close();
});

/** How far the page reaches past the screen's right edge, and what sticks out. */
async function overflow(p: Page) {
  return p.evaluate(() => {
    const width = innerWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        // Inside a box that scrolls sideways on purpose (a table, the nav) is fine.
        return r.width > 0 && r.right > width + 0.5 && !el.closest('.model-table-wrap, .app-header nav');
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
  });
}

for (const width of [360, 390, 430]) {
  test(`every view fits ${width} px: no sideways scroll, a compact header`, async () => {
    await page.setViewportSize({ width, height: 844 });
    for (const view of VIEWS) {
      await goTo(page, view);
      await expect(page.getByRole('link', { name: view, exact: true })).toHaveAttribute('aria-current', 'page');
      if (view === 'Check') await expect(page.getByTestId('result')).toBeVisible();
      if (view === 'Ask') await expect(page.getByTestId('question-input')).toBeVisible();
      if (view === 'History') await expect(page.getByTestId('history-item').first()).toBeVisible();
      if (view === 'Batch') await expect(page.getByTestId('batch-drop-zone')).toBeVisible();
      const o = await overflow(page);
      expect(o.scrollWidth, `${view} at ${width} px: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.width);
      expect(o.wide, `${view} at ${width} px`).toEqual([]);
      const header = await page.locator('.app-header').boundingBox();
      expect(header!.height, `header of ${view} at ${width} px`).toBeLessThanOrEqual(64);
      if (width === 390) await page.screenshot({ path: `test-results/phone-390x844-${view.toLowerCase()}.png` });
    }
  });
}

test('every view link is reachable by keyboard, and comes into sight when focused', async () => {
  await page.setViewportSize({ width: 360, height: 844 });
  await goTo(page, 'Check');
  await page.locator('.app-header .brand').focus();
  const nav = page.getByRole('navigation', { name: 'Views' });
  const navBox = (await nav.boundingBox())!;
  for (const view of VIEWS) {
    await page.keyboard.press('Tab');
    const link = nav.getByRole('link', { name: view, exact: true });
    await expect(link).toBeFocused();
    const box = (await link.boundingBox())!;
    expect(box.x, view).toBeGreaterThanOrEqual(navBox.x - 1);
    expect(box.x + box.width, view).toBeLessThanOrEqual(navBox.x + navBox.width + 1);
  }
  await page.keyboard.press('Enter');
  await expect(nav.getByRole('link', { name: 'Settings', exact: true })).toHaveAttribute('aria-current', 'page');
  // The current view's link stays in sight after a view change too.
  await goTo(page, 'Check');
  await goTo(page, 'Settings');
  const settings = (await nav.getByRole('link', { name: 'Settings', exact: true }).boundingBox())!;
  expect(settings.x + settings.width).toBeLessThanOrEqual(360);
});

test('on a phone, picking a claim opens its evidence as a bottom sheet; Escape and Close give the focus back', async () => {
  await page.setViewportSize(PHONE);
  await goTo(page, 'Check');
  const sheet = page.getByRole('dialog', { name: /Evidence/ });
  // Nothing pops up by itself (the first claim is selected after a check).
  await expect(sheet).toBeHidden();

  const claim = page.getByTestId('claim').nth(1);
  await claim.click();
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveAccessibleName('Evidence for claim 2');
  await expect(sheet.getByTestId('evidence-verdict')).toContainText(/contradicted/i);
  await expect(sheet.getByTestId('evidence').first().getByTestId('evidence-sentence')).toContainText(/blindness/i);
  // Focus is inside the sheet; the sheet is on screen, at the bottom, the width of the screen.
  expect(await sheet.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await sheet.evaluate((d) => Promise.all(d.getAnimations().map((a) => a.finished))); // it slides in
  const box = (await sheet.boundingBox())!;
  expect(box.width).toBeCloseTo(PHONE.width, 0);
  expect(box.y + box.height).toBeCloseTo(PHONE.height, 0);
  expect(box.y).toBeGreaterThan(PHONE.height * 0.1);
  expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: 'test-results/phone-390x844-evidence-sheet.png' });

  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(claim).toBeFocused();

  // By keyboard: Enter on a claim in the list opens it; the Close button closes it.
  const row = page.getByTestId('claim-row').first();
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveAccessibleName('Evidence for claim 1');
  await expect(sheet.getByTestId('evidence-verdict')).toContainText(/supported/i);
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();
  await expect(row).toBeFocused();

  // A tap on the dimmed page above the sheet closes it too.
  await claim.click();
  await expect(sheet).toBeVisible();
  await page.mouse.click(PHONE.width / 2, 40);
  await expect(sheet).toBeHidden();
});

test('between phone and desktop (one column, no sheet), picking a claim brings its evidence into sight', async () => {
  await page.setViewportSize({ width: 820, height: 700 });
  await goTo(page, 'Check');
  await page.evaluate(() => window.scrollTo(0, 0));
  const panel = page.getByTestId('evidence-panel');
  await expect(panel).not.toBeInViewport();
  await page.getByTestId('claim-row').nth(1).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(panel).toBeInViewport();
  await expect(panel.getByTestId('evidence-verdict')).toContainText(/contradicted/i);
  const header = (await page.locator('.app-header').boundingBox())!;
  expect(header.height).toBeLessThanOrEqual(64);
  expect((await panel.boundingBox())!.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
});

test('on a wide screen the evidence stays beside the result, with no dialog', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await goTo(page, 'Check');
  await page.getByTestId('claim').nth(1).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const panel = page.getByTestId('evidence-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('evidence-verdict')).toContainText(/contradicted/i);
  const result = (await page.getByTestId('result').boundingBox())!;
  const side = (await panel.boundingBox())!;
  expect(side.x).toBeGreaterThan(result.x + result.width / 2);
  await page.screenshot({ path: 'test-results/phone-1280x900-check.png' });
});

test('in the Ask view too, a claim of an answer opens the evidence sheet on a phone', async ({ browser }) => {
  const askApp = await openAskApp(browser);
  try {
    const p = askApp.page;
    await p.setViewportSize(PHONE);
    await p.goto('/#/ask');
    await waitReady(p);
    await loadFakeModel(p, 'Qwen3-0.6B-q4f32_1-MLC', { text: ANSWER, tokensPerSecond: 200 });
    const answer = await ask(p, 'Can glaucoma cause blindness?');
    await waitChecked(p);
    const sheet = p.getByRole('dialog', { name: /Evidence/ });
    await expect(sheet).toBeHidden();
    const claim = answer.getByTestId('claim').nth(1);
    await claim.click();
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId('evidence-verdict')).toContainText(/contradicted/i);
    expect((await overflow(p)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await sheet.evaluate((d) => Promise.all(d.getAnimations().map((a) => a.finished)));
    await p.screenshot({ path: 'test-results/phone-390x844-ask-sheet.png' });
    await p.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await expect(claim).toBeFocused();
  } finally {
    await askApp.context.close();
  }
});
