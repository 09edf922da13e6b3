// `npx tsx tests/bench/batch-chromium.ts [answers] [port]`: a batch run in
// Chromium through the real checker worker (the Vite dev server serves the
// app's modules; the page imports src/lib/checker.ts, the app's own worker
// client). 1,000 answers of five MedQuAD-pack sentences (half altered), the
// offline verifier. Prints the run's total time, answers/s, the progress
// events the page got, and the longest main-thread task during the run
// (PerformanceObserver 'longtask'). A benchmark, not a test.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { packSentenceAnswers } from './batch-answers.ts';

const root = resolve(import.meta.dirname, '../..');
const n = Number(process.argv[2] ?? 1000);
const port = Number(process.argv[3] ?? 4305);

const rows = packSentenceAnswers(join(root, 'public/evidence/medquad.pack.json.gz'), n);

const server = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
await new Promise<void>((ok, fail) => {
  server.stdout!.on('data', (d: Buffer) => {
    if (String(d).includes(`${port}`)) ok();
  });
  server.on('exit', (code) => fail(new Error(`vite exited with ${code}`)));
});
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'claimlens-batch-bench-')), {
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
  headless: true,
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(
    async ({ rows }) => {
      const longest = { ms: 0, count: 0 };
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!(window as unknown as { __batchRunning?: boolean }).__batchRunning) continue;
          longest.count++;
          longest.ms = Math.max(longest.ms, e.duration);
        }
      });
      observer.observe({ type: 'longtask', buffered: false });
      const { checker } = await import('/src/lib/checker.ts' as string);
      const t0 = performance.now();
      let state = await checker.init();
      // First start: wait until the pack is stored (a run would compete with it).
      while (state.saving?.length) {
        await new Promise((r) => setTimeout(r, 200));
        state = await checker.init();
      }
      const ready = performance.now() - t0;
      let events = 0;
      (window as unknown as { __batchRunning?: boolean }).__batchRunning = true;
      const t1 = performance.now();
      const done = new Promise<{ run: { counts: Record<string, number>; state: string } }>((resolve) => {
        checker.onEvent((e: { type: string; progress?: { state: string }; run?: unknown }) => {
          if (e.type !== 'batch') return;
          events++;
          if (e.progress && ['done', 'failed', 'paused', 'cancelled'].includes(e.progress.state)) resolve(e as never);
        });
      });
      await checker.createBatch({ name: 'bench', source: 'file', settings: { verifier: 'offline', corpora: [], checkReasoning: false }, rows });
      const end = await done;
      const total = performance.now() - t1;
      (window as unknown as { __batchRunning?: boolean }).__batchRunning = false;
      observer.disconnect();
      return { ready, total, events, longest, counts: end.run.counts, state: end.run.state };
    },
    { rows },
  );
  console.log(`checker ready (first start, pack stored) in ${(result.ready / 1000).toFixed(1)} s`);
  console.log(
    `${n} answers, ${result.counts.claims} claims, state ${result.state}: ${(result.total / 1000).toFixed(1)} s, ${(n / (result.total / 1000)).toFixed(1)} answers/s; ${result.events} progress events; longest main-thread task during the run ${result.longest.ms.toFixed(0)} ms (${result.longest.count} long tasks); load average ${loadavg()[0].toFixed(1)}`,
  );
} finally {
  await browser.close();
  process.kill(-server.pid!);
}
