// The browser itself stays quiet (issue 11): Playwright's request events show
// only what pages and workers ask for, so this test reads Chromium's own net
// log. With the launch flags of tests/chromium.ts (the same the README gives
// for demos), a tour of the app that types medical text into its forms
// reaches nothing but 127.0.0.1: no autofill server, no account check, no
// component updater.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { goTo, ORIGIN, runCheck, waitReady } from './helpers.ts';

/** Hosts of every URL in a Chromium net log. */
function hostsIn(netLog: string): Set<string> {
  const hosts = new Set<string>();
  for (const m of netLog.matchAll(/"url":"((?:https?|wss?):\/\/[^"]+)"/g)) {
    try {
      hosts.add(new URL(m[1]).hostname);
    } catch {
      // not a URL Node can parse; skipped
    }
  }
  for (const m of netLog.matchAll(/"host":"([^":]+)(?::\d+)?"/g)) hosts.add(m[1]);
  return hosts;
}

test('with the launch flags, a tour with medical text in every form reaches 127.0.0.1 only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimlens-netlog-'));
  const log = join(dir, 'net.json');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--log-net-log=${log}`] });
  try {
    const context = await browser.newContext({ baseURL: ORIGIN });
    const page = await context.newPage();
    await page.goto('/');
    await waitReady(page);
    await runCheck(page, 'Metformin is a first-line medicine for type 2 diabetes. It cures type 1 diabetes.');
    await goTo(page, 'Ask');
    await page.getByTestId('question-input').fill('My father has glaucoma; can he go blind?');
    await page.getByTestId('question-input').press('Tab');
    await goTo(page, 'Settings');
    await goTo(page, 'Check');
    await page.getByTestId('answer-input').fill('Insulin is needed in type 1 diabetes.');
    // Give the browser's background services time to call out, as they did without the flags.
    await page.waitForTimeout(8_000);
    await context.close();
  } finally {
    await browser.close();
  }
  const hosts = [...hostsIn(readFileSync(log, 'utf8'))];
  rmSync(dir, { recursive: true, force: true });
  expect(hosts).toContain('127.0.0.1');
  expect(hosts.filter((h) => h !== '127.0.0.1')).toEqual([]);
});

test('the form fields that take medical text keep autofill and spelling services away', async ({ page }) => {
  await page.goto('/');
  const answer = page.getByTestId('answer-input');
  await expect(answer).toHaveAttribute('autocomplete', 'off');
  await expect(answer).toHaveAttribute('spellcheck', 'false');
  await expect(answer.locator('xpath=ancestor::form')).toHaveAttribute('autocomplete', 'off');
  await goTo(page, 'Ask');
  const question = page.getByTestId('question-input');
  await expect(question).toHaveAttribute('autocomplete', 'off');
  await expect(question).toHaveAttribute('spellcheck', 'false');
});
