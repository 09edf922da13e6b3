// First start and later starts of the built app, as a user meets them
// (issue 11). Serves dist/ with `vite preview` on its own port, launches
// Chromium (tests/chromium.ts flags) with a fresh profile per run, opens the
// app, types a one-claim answer and presses Check at once (the button is
// enabled from the start; a check waits for the evidence), and takes the time
// from navigation to the first verdict on the screen. Then it reloads the page
// (warm: stored corpus, service worker in control) and measures again with
// another claim, and the time until the app says what evidence it holds.
// Also prints when the loading bar first showed, its first non-zero
// percentage, and when each of its phases (Reading, Indexing, Storing) began.
// Times are page clock (performance.now(), i.e. from navigation start).
//
//   npm run bench:start [-- --runs 3] [-- --build] [-- --port 4180] [-- --json FILE]
//
// Needs the built app (dist/, `npm run build`); --build builds it first.
// Goal: first verdict within 3 s on a cold profile, later starts < 0.5 s.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(opt('--runs')) || 3;
const PORT = Number(opt('--port')) || 4180;
const JSON_OUT = opt('--json');
const ORIGIN = `http://127.0.0.1:${PORT}`;
const COLD_CLAIM = "Glaucoma is a group of diseases that can damage the eye's optic nerve.";
const WARM_CLAIM = 'Gout is a common, painful form of arthritis.';

interface Marks {
  /** First verdict shown. */
  verdict?: number;
  /** Header says "N corpora · M passages". */
  ready?: number;
  /** Loading bar first in the page, and its first percentage above 0. */
  bar?: number;
  barNonZero?: number;
  /** First time each loading phase ("Reading", "Indexing", "Storing") was shown. */
  phases: Record<string, number>;
  /** When the "Saving evidence for offline use" bar showed and went away. */
  savingFrom?: number;
  savingTo?: number;
  /** Largest percentage seen, and whether it ever went down. */
  maxPercent: number;
  wentBack: boolean;
}

// Records, in the page, when things appear (page clock, from navigation start).
// A string, not a function: tsx's name-keeping helpers do not exist in the page.
const OBSERVE = `(() => {
  const marks = { phases: {}, maxPercent: -1, wentBack: false };
  window.__marks = marks;
  const look = () => {
    const now = performance.now();
    if (marks.verdict === undefined && document.querySelector('[data-testid="claim"][data-verdict]')) marks.verdict = now;
    const status = document.querySelector('[data-testid="evidence-status"]')?.textContent ?? '';
    if (marks.ready === undefined && /\\d+ corp(?:us|ora) · [\\d,]+ passages/.test(status)) marks.ready = now;
    const saving = document.querySelector('[data-testid="saving-bar"]');
    if (saving && marks.savingFrom === undefined) marks.savingFrom = now;
    if (!saving && marks.savingFrom !== undefined && marks.savingTo === undefined) marks.savingTo = now;
    const bar = document.querySelector('[data-testid="loading-bar"]');
    if (bar) {
      if (marks.bar === undefined) marks.bar = now;
      const text = bar.textContent ?? '';
      const m = /(\\d+)%/.exec(text);
      const pct = m ? Number(m[1]) : 0;
      if (pct < marks.maxPercent) marks.wentBack = true;
      marks.maxPercent = Math.max(marks.maxPercent, pct);
      if (pct > 0 && marks.barNonZero === undefined) marks.barNonZero = now;
      const phase = /(Reading|Unpacking|Indexing|Storing)/.exec(text);
      if (phase && marks.phases[phase[1]] === undefined) marks.phases[phase[1]] = now;
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

interface Run {
  cold: Marks;
  warm: Marks;
}

async function checkAndWait(page: Page, claim: string): Promise<Marks> {
  const input = page.getByTestId('answer-input');
  await input.waitFor();
  await input.fill(claim);
  const button = page.getByTestId('check-button');
  await page.waitForFunction(() => !(document.querySelector('[data-testid="check-button"]') as HTMLButtonElement | null)?.disabled);
  await button.click();
  try {
    await page.waitForFunction(() => (window as unknown as { __marks: Marks }).__marks.verdict !== undefined, null, { timeout: 120_000 });
  } catch (err) {
    await page.screenshot({ path: 'test-results/bench-first-start-failure.png', fullPage: true }).catch(() => undefined);
    console.error((await page.locator('main').textContent().catch(() => ''))?.slice(0, 2000));
    throw err;
  }
  await page.waitForFunction(() => (window as unknown as { __marks: Marks }).__marks.ready !== undefined, null, { timeout: 240_000 });
  return page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
}

async function oneRun(): Promise<Run> {
  const profile = mkdtempSync(join(tmpdir(), 'claimlens-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    serviceWorkers: 'allow',
    viewport: { width: 1280, height: 900 },
  });
  try {
    await context.addInitScript({ content: OBSERVE });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(ORIGIN);
    const cold = await checkAndWait(page, COLD_CLAIM);
    // Let the first start finish its background work (storing, service-worker
    // precache) before the warm start, as a user who comes back later would.
    await page.waitForFunction(() => !document.querySelector('[data-testid="loading-bar"]'), null, { timeout: 240_000 });
    await page.evaluate(async () => {
      await navigator.serviceWorker?.ready;
    });
    await waitStored(page);
    const saved = await page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
    cold.savingFrom = saved.savingFrom;
    cold.savingTo = saved.savingTo;
    await page.reload();
    const warm = await checkAndWait(page, WARM_CLAIM);
    return { cold, warm };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Waits until IndexedDB holds the pack's corpus (first starts may store it in the background). */
async function waitStored(page: Page): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const stored = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const req = indexedDB.open('claimlens');
          req.onerror = () => resolve(false);
          req.onsuccess = () => {
            const db = req.result;
            try {
              const get = db.transaction('corpora').objectStore('corpora').get('medquad');
              get.onsuccess = () => {
                db.close();
                resolve(!!get.result);
              };
              get.onerror = () => {
                db.close();
                resolve(false);
              };
            } catch {
              db.close();
              resolve(false);
            }
          };
        }),
    );
    if (stored) {
      // Storing marks the corpus complete last, in the same transaction; let it settle.
      await page.waitForTimeout(500);
      return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('The pack was never stored.');
}

function startServer(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`vite preview did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(`:${PORT}`)) {
        clearTimeout(timer);
        resolve(server);
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vite preview exited (${code}):\n${out}`));
    });
  });
}

function stopServer(server: ChildProcess): void {
  // Detached: the whole process group (npx and vite) goes, by its id.
  try {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

const median = (xs: (number | undefined)[]) => {
  const v = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : undefined;
};
const ms = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x)} ms`);

async function main(): Promise<void> {
  if (args.includes('--build') || !existsSync('dist/index.html')) {
    console.log('Building the app (vite build)…');
    const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const manifest = JSON.parse(readFileSync('dist/evidence/manifest.json', 'utf8')) as {
    packs: { file: string; bytes: number; index?: { file: string; bytes: number } }[];
  };
  const files = manifest.packs.flatMap((p) => [p.file, ...(p.index ? [p.index.file] : [])]);
  const sizes = files.map((f) => `${f} ${(statSync(join('dist/evidence', f)).size / 1024 / 1024).toFixed(2)} MiB`);
  console.log(`Evidence: ${sizes.join(', ')}`);
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const server = await startServer();
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const run = await oneRun();
      runs.push(run);
      const c = run.cold;
      console.log(
        `run ${i + 1}: cold first verdict ${ms(c.verdict)} (ready ${ms(c.ready)}; bar ${ms(c.bar)}, first % > 0 ${ms(c.barNonZero)}, ` +
          `phases ${Object.entries(c.phases).map(([k, v]) => `${k} ${ms(v)}`).join(', ') || '—'}${c.wentBack ? ', PERCENT WENT BACK' : ''}; ` +
          `saved in the background ${ms(c.savingFrom)} to ${ms(c.savingTo)}); ` +
          `warm ready ${ms(run.warm.ready)}, warm first verdict ${ms(run.warm.verdict)}`,
      );
    }
  } finally {
    stopServer(server);
  }
  const summary = {
    runs: RUNS,
    cold_first_verdict_ms: median(runs.map((r) => r.cold.verdict)),
    cold_ready_ms: median(runs.map((r) => r.cold.ready)),
    cold_bar_ms: median(runs.map((r) => r.cold.bar)),
    cold_first_nonzero_percent_ms: median(runs.map((r) => r.cold.barNonZero)),
    cold_saving_ms: median(runs.map((r) => (r.cold.savingTo !== undefined && r.cold.savingFrom !== undefined ? r.cold.savingTo - r.cold.savingFrom : undefined))),
    warm_ready_ms: median(runs.map((r) => r.warm.ready)),
    warm_first_verdict_ms: median(runs.map((r) => r.warm.verdict)),
    evidence: sizes,
    cores: cpus().length,
    load: loadavg(),
  };
  console.log(
    `\nMedians of ${RUNS}: cold first verdict ${ms(summary.cold_first_verdict_ms)} (goal ≤ 3000 ms), cold ready ${ms(summary.cold_ready_ms)}, ` +
      `saving in the background ${ms(summary.cold_saving_ms)}, warm ready ${ms(summary.warm_ready_ms)} (goal < 500 ms), warm first verdict ${ms(summary.warm_first_verdict_ms)}`,
  );
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ summary, runs }, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
