// Bad input on the built app: every case gets a clear message, and nothing
// already there (pasted text, corpora, history) is lost. On the e2e build (the
// same app): a full disk and a crashed checker are made with its test hooks,
// which the production build does not contain.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { E2E_PORT } from '../../playwright.config.ts';
import { foreignRequests, goTo, runCheck, setHooks, waitReady, useReadyApp } from './helpers.ts';

const ANSWER = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";
const NOTES = [
  'Zorblax fever is a made-up illness used to test imports.',
  'Zorblax fever is treated with rest and plenty of fluids.',
  'Zorblax fever is not contagious.',
].join(' ');

// In order, sharing one context (the pack loads once); not serial, so that
// one failure does not skip the rest (a failure restarts with a fresh context).
test.describe.configure({ mode: 'default' });

const readyApp = useReadyApp(`http://127.0.0.1:${E2E_PORT}`);

async function importFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await goTo(page, 'Corpora');
  await page.getByTestId('file-input').setInputFiles(files);
}

function imported(page: Page, name: string) {
  return page.getByTestId('import').filter({ hasText: name }).first();
}

async function corpusIds(page: Page): Promise<string[]> {
  await goTo(page, 'Corpora');
  return page.getByTestId('corpus').evaluateAll((els) => els.map((e) => e.getAttribute('data-corpus') ?? ''));
}

async function historyCount(page: Page): Promise<number> {
  await goTo(page, 'History');
  await expect(page.getByTestId('history-list').or(page.getByTestId('history-empty'))).toBeVisible();
  return page.getByTestId('history-item').count();
}

test('empty text is refused with a message', async () => {
  const { page } = readyApp();
  await runCheck(page, '   \n  ');
  await expect(page.getByTestId('check-error')).toHaveAttribute('data-error', 'EmptyInputError');
  await expect(page.getByTestId('check-error')).toContainText('Nothing to check');
  await expect(page.getByTestId('result')).toHaveCount(0);
});

test('a 1 MB paste names the limit and stays in the box', async () => {
  const { page } = readyApp();
  const big = `${ANSWER} `.repeat(Math.ceil(1_000_000 / (ANSWER.length + 1))).slice(0, 1_000_000);
  await runCheck(page, big);
  const error = page.getByTestId('check-error');
  await expect(error).toHaveAttribute('data-error', 'InputTooLargeError');
  await expect(error).toContainText(/1,000,000 characters/);
  await expect(error).toContainText(/up to [\d,]+ characters/);
  expect(await page.getByTestId('answer-input').inputValue()).toBe(big);
});

test('pasted markup is shown as text, never run', async () => {
  const { page } = readyApp();
  const answer = `<img src="x" onerror="window.__pwned = 1"> ${ANSWER} <script>window.__pwned = 2</script>`;
  await runCheck(page, answer);
  const shown = page.getByTestId('highlighted-answer');
  await expect(shown).toContainText('<img src="x" onerror="window.__pwned = 1">');
  await expect(shown).toContainText('<script>');
  await expect(shown.locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('binary, malformed and empty files get a message each; a good file imports', async () => {
  const { page } = readyApp();
  const before = await corpusIds(page);
  await importFiles(page, [
    { name: 'picture.png', mimeType: 'image/png', buffer: readFileSync('public/icons/icon-192.png') },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[{"title": "Aspirin", "text": "Aspirin thins') },
    { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    { name: 'zorblax-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) },
  ]);
  await expect(imported(page, 'zorblax-notes.txt')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(imported(page, 'picture.png')).toHaveAttribute('data-error', 'BinaryFileError');
  await expect(imported(page, 'picture.png')).toContainText('Not a text file');
  await expect(imported(page, 'broken.json')).toHaveAttribute('data-error', 'MalformedFileError');
  await expect(imported(page, 'empty.txt')).toHaveAttribute('data-error', 'EmptyCorpusError');

  const after = await corpusIds(page);
  expect(after.slice(0, before.length)).toEqual(before);
  expect(after).toHaveLength(before.length + 1);
  await expect(page.locator('[data-corpus="medquad"]')).toBeVisible();
});

test('a file dropped on the import zone is imported', async () => {
  const { page } = readyApp();
  const before = await corpusIds(page);
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped-notes.md', { type: 'text/markdown' }));
    return dt;
  }, `# Dropped notes\n\n${NOTES}`);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  await expect(imported(page, 'dropped-notes.md')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await corpusIds(page)).toHaveLength(before.length + 1);
});

test('an imported corpus is searched alongside MedQuAD', async () => {
  const { page } = readyApp();
  // Word for word from the imported notes; nothing in MedQuAD mentions Zorblax.
  await runCheck(page, 'Zorblax fever is treated with rest and plenty of fluids.');
  await page.getByTestId('claim').first().click();
  await expect(page.getByTestId('evidence').filter({ hasText: 'zorblax-notes.txt' })).not.toHaveCount(0);
});

test('a full disk keeps corpora and history and says so', async () => {
  const { page } = readyApp();
  const corpora = await corpusIds(page);
  const checks = await historyCount(page);
  await setHooks(page, { failWritesTo: ['chunks', 'checks'] });

  await importFiles(page, [{ name: 'more-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) }]);
  const item = imported(page, 'more-notes.txt');
  await expect(item).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(item).toHaveAttribute('data-error', 'StorageQuotaError');
  await expect(item).toContainText('Storage is full');
  expect(await corpusIds(page)).toEqual(corpora);

  // The check itself still runs; only saving it fails, and the user is told.
  await runCheck(page, ANSWER);
  await expect(page.getByTestId('claim')).toHaveCount(1);
  await expect(page.getByTestId('check-warning')).toHaveAttribute('data-error', 'StorageQuotaError');
  await expect(page.getByTestId('check-warning')).toContainText('Not saved to history');
  expect(await historyCount(page)).toBe(checks);

  await setHooks(page, null);
  expect(await corpusIds(page)).toEqual(corpora);
  expect(await historyCount(page)).toBe(checks);
});

test('a crashed checker shows a message and the app keeps working', async () => {
  const { page } = readyApp();
  await setHooks(page, { crashOnAnswer: 'CRASH-TEST' });
  await runCheck(page, `${ANSWER} CRASH-TEST`);
  await expect(page.getByTestId('check-error')).toHaveAttribute('data-error', 'WorkerCrashedError');
  await expect(page.getByTestId('app-banner')).toContainText('The checker stopped');
  // The pasted text is still there, and the next check works on a fresh worker.
  await expect(page.getByTestId('answer-input')).toHaveValue(`${ANSWER} CRASH-TEST`);
  await runCheck(page, ANSWER);
  await expect(page.getByTestId('claim')).toHaveCount(1);
  await expect(page.getByTestId('claim').first()).toHaveAttribute('data-verdict', 'supported');
  await setHooks(page, null);
});

test('with every corpus deleted a check says there is no evidence; the pack can be restored', async () => {
  const { page } = readyApp();
  await goTo(page, 'Corpora');
  while ((await page.getByTestId('corpus').count()) > 0) {
    const n = await page.getByTestId('corpus').count();
    const card = page.getByTestId('corpus').first();
    await card.getByTestId('delete-corpus').click();
    await card.getByTestId('confirm-delete').click();
    await expect(page.getByTestId('corpus')).toHaveCount(n - 1);
  }
  await expect(page.getByTestId('no-corpora')).toBeVisible();
  await expect(page.getByTestId('evidence-status')).toHaveText(/0 corpora/);

  await runCheck(page, ANSWER);
  await expect(page.getByTestId('check-error')).toHaveAttribute('data-error', 'EmptyCorpusError');
  await expect(page.getByTestId('check-error')).toContainText('No evidence to check against');

  // A deleted pack stays deleted after a reload…
  await page.reload();
  await expect(page.getByTestId('evidence-status')).toHaveText(/0 corpora/);
  // …until the user installs it again.
  await goTo(page, 'Corpora');
  await page.getByTestId('restore-pack').click();
  await expect(page.getByTestId('loading-bar')).toContainText(/Loading evidence pack… \d+%/);
  await waitReady(page);
  await expect(page.locator('[data-corpus="medquad"]')).toBeVisible();
  await runCheck(page, ANSWER);
  await expect(page.getByTestId('claim').first()).toHaveAttribute('data-verdict', 'supported');
});

test('no request left 127.0.0.1', async () => {
  expect(readyApp().requests.length).toBeGreaterThan(10);
  expect(foreignRequests(readyApp())).toEqual([]);
});
