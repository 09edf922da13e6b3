// The Batch view under load (issue 10): 1,000 answers of 5 claims each (two
// models answering 500 MedQuAD questions, tests/support/batch-data.ts)
// checked with the offline verifier, in headless Chromium, against the
// production build (vite build; vite preview). Measured in the page:
//   total         — from the Start click until the run shows 'done';
//   longest task  — the longest main-thread task during the run
//                   (PerformanceObserver 'longtask': tasks over 50 ms);
// and the checker's own running time (the run's elapsedMs).
// Goals: total < 60 s on a 2-core machine, longest task < 100 ms.
//   npm run bench:batch [-- --no-build] [-- --answers 1000]
// Figures go to tests/bench/results/batch.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { toJsonl, twoModelAnswers } from '../support/batch-data.ts';

const args = process.argv.slice(2);
const answers = Number(args[args.indexOf('--answers') + 1]) || 1000;
const root = fileURLToPath(new URL('../../', import.meta.url));

if (!args.includes('--no-build') || !existsSync(`${root}dist/index.html`)) {
  console.log('Building the app (vite build)…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
}
const file = join(mkdtempSync(join(tmpdir(), 'claimlens-bench-')), `answers-${answers}.jsonl`);
const rows = twoModelAnswers(Math.ceil(answers / 2), 5).slice(0, answers);
writeFileSync(file, toJsonl(rows));

const server = await preview({ root, logLevel: 'error', preview: { host: '127.0.0.1', port: 0 } });
const origin = server.resolvedUrls!.local[0].replace(/\/$/, '');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${origin}/#/batch`);
  await page.getByTestId('evidence-status').filter({ hasText: /\d+ corp(us|ora) · [\d,]+ passages/ }).waitFor({ timeout: 300_000 });
  await page.getByTestId('batch-file-input').setInputFiles(file);
  await page.getByTestId('batch-parsed-count').filter({ hasText: `${answers.toLocaleString('en')} answers` }).waitFor();
  await page.getByTestId('batch-name').fill(`bench ${answers}`);

  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('batch-start').click();
  await page.locator('[data-testid="run-detail"] [data-testid="run-progress"][data-state="done"]').waitFor({ timeout: 600_000 });
  const t1 = await page.evaluate(() => performance.now());
  // The dashboard of the finished run drawn (answers read, charts made) counts too.
  await page.getByTestId('chart-confidence').locator('svg').first().waitFor({ timeout: 60_000 });
  const t2 = await page.evaluate(() => performance.now());
  const tasks = await page.evaluate(() => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks);
  const during = tasks.filter((t) => t.start >= t0 && t.start <= t1);
  const after = tasks.filter((t) => t.start > t1 && t.start <= t2);
  const claims = Number((await page.getByTestId('run-meta').textContent())?.match(/([\d,]+) claims/)?.[1]?.replace(/,/g, '') ?? NaN);
  const figures = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => +x.toFixed(2)) },
    answers,
    claims_per_answer: 5,
    verifier: 'offline (features)',
    total_s: +((t1 - t0) / 1000).toFixed(2),
    answers_per_s: +(answers / ((t1 - t0) / 1000)).toFixed(1),
    /** 0: no task over 50 ms (PerformanceObserver reports only those). */
    longest_task_ms: Math.round(Math.max(0, ...during.map((t) => t.duration))),
    long_tasks: during.length,
    /** When each of them began (ms after the Start click) and how long it took. */
    long_task_times: during.map((t) => ({ at_ms: Math.round(t.start - t0), ms: Math.round(t.duration) })),
    dashboard_after_run_ms: Math.round(t2 - t1),
    longest_task_drawing_dashboard_ms: Math.round(Math.max(0, ...after.map((t) => t.duration))),
    claims: Number.isFinite(claims) ? claims : undefined,
    goals: { total_s: 60, longest_task_ms: 100 },
  };
  console.log(JSON.stringify(figures, null, 2));
  mkdirSync(`${root}tests/bench/results`, { recursive: true });
  writeFileSync(`${root}tests/bench/results/batch.json`, JSON.stringify(figures, null, 2) + '\n');
  console.log(
    `batch: ${answers} answers in ${figures.total_s} s (${figures.answers_per_s}/s; goal < 60 s); longest main-thread task during the run: ${
      figures.long_tasks ? `${figures.longest_task_ms} ms (${figures.long_tasks} tasks over 50 ms)` : 'none over 50 ms (the longtask threshold)'
    } (goal < 100 ms)`,
  );
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
