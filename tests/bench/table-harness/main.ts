// The claim table benchmark page: the real ClaimTable (src/components/claims)
// with the app's styles and N generated claims (?n=50000), as a batch run of
// many models would give it. `window.harness` is what tests/bench/table-scroll.ts
// drives: it measures in the page, so no round trip to Node falls into a figure.
import { flushSync, mount } from 'svelte';
import '../../../src/app.css';
import ClaimTable from '../../../src/components/claims/ClaimTable.svelte';
import type { TableItem } from '../../../src/lib/claim-table.ts';
import type { ClaimResult, Verdict } from '../../../src/core/types.ts';
import claimsJsonl from '../../eval/data/medquad-claims.jsonl?raw';

const n = Number(new URLSearchParams(location.search).get('n') ?? 50_000);

// Long tasks from the page's start on (the observer is set before the table is mounted).
const longTasks: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const base = claimsJsonl
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { claim: string; label: Verdict });
const MODELS = ['llama-3.1-8b', 'qwen2.5-7b', 'mistral-7b', 'gemma-2-9b', 'phi-3.5-mini'];
const LEADS = ['', 'In most adults, ', 'According to current guidance, ', 'Usually, ', 'For many patients, '];
const TAILS = ['', ' in most cases', ' over several weeks', ' according to the doctor', ' when untreated'];
const VERDICT_POOL: Verdict[] = ['supported', 'supported', 'contradicted', 'unverifiable'];

function claimText(i: number): string {
  const b = pick(base).claim.replace(/\.$/, '');
  // About a third of the claims are said word for word by other answers (grouped rows);
  // the rest vary (a lead, a tail, a number), as answers of several models do.
  if (rand() < 0.35) return `${b}.`;
  const lead = pick(LEADS);
  const text = lead ? lead + b[0].toLowerCase() + b.slice(1) : b;
  return `${text}${pick(TAILS)}${rand() < 0.5 ? ` (case ${i % 997})` : ''}.`;
}

function makeItems(count: number): TableItem[] {
  return Array.from({ length: count }, (_, i) => {
    const verdict = pick(VERDICT_POOL);
    const confidence = Math.round((0.35 + rand() * 0.64) * 100) / 100;
    const text = claimText(i);
    const p = { supported: 0.1, contradicted: 0.1, unverifiable: 0.1, [verdict]: confidence };
    const claim: ClaimResult = {
      text,
      start: 0,
      end: text.length,
      part: 'answer',
      verdict,
      confidence,
      probabilities: p as ClaimResult['probabilities'],
      evidence: [],
      ...(rand() < 0.05 ? { repeats: [[0, 1]] } : {}),
    };
    const q = Math.floor(i / 10);
    return {
      id: String(i),
      claim,
      model: MODELS[q % MODELS.length],
      answerId: `q${q}`,
      question: `Question ${q}`,
      ...(rand() < 0.02 ? { review: pick(VERDICT_POOL) } : {}),
    };
  });
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
/** After the next paint: a frame, then a task after it. */
const painted = async () => {
  await nextFrame();
  await new Promise((r) => setTimeout(r, 0));
};
const rowCount = () => document.querySelectorAll('[data-testid="table-row"]').length;
const scroller = () => document.querySelector<HTMLDivElement>('[data-testid="table-scroll"]')!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] : 0;
};
const longestIn = (from: number, to: number) =>
  Math.max(0, ...longTasks.filter((t) => t.start + t.duration >= from && t.start <= to).map((t) => t.duration));

function frameStats(deltas: number[]) {
  return {
    frames: deltas.length,
    medianMs: pct(deltas, 0.5),
    p95Ms: pct(deltas, 0.95),
    maxMs: Math.max(0, ...deltas),
    over50msShare: deltas.length ? deltas.filter((d) => d > 50).length / deltas.length : 0,
  };
}

let selected: string | null = null;
const harness = {
  /** Generates the items and mounts the table; times the first paint with rows. */
  async mount() {
    const g0 = performance.now();
    const items = makeItems(n);
    const generateMs = performance.now() - g0;
    await painted();
    const t0 = performance.now();
    mount(ClaimTable, {
      target: document.getElementById('app')!,
      props: {
        items,
        get selected() {
          return selected;
        },
        onselect: (i: TableItem) => (selected = i.id),
        label: 'Claims',
        height: '40rem',
      },
    });
    flushSync();
    const mountedMs = performance.now() - t0;
    while (rowCount() === 0) await nextFrame();
    await painted();
    const firstRenderMs = performance.now() - t0;
    const s = scroller();
    return {
      items: n,
      generateMs,
      mountSyncMs: mountedMs,
      firstRenderMs,
      longestTaskMs: longestIn(t0, performance.now()),
      rowsShown: Number(document.querySelector('[data-testid="table-count"]')?.textContent?.split(' ')[0].replace(/\D/g, '') ?? 0),
      scrollHeight: s.scrollHeight,
      domRows: rowCount(),
    };
  },

  /** Scrolls from top to bottom by scrollTop increments, one each frame, over `ms`. */
  async scrollThrough(ms: number) {
    const s = scroller();
    s.scrollTop = 0;
    await painted();
    const deltas: number[] = [];
    let maxRows = 0;
    const start = performance.now();
    let last = start;
    // The end moves while rows are measured (their heights differ from the estimate): read it each frame.
    const endNow = () => s.scrollHeight - s.clientHeight;
    const end = endNow();
    for (;;) {
      const now = await nextFrame();
      deltas.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, rowCount());
      const f = Math.min(1, (now - start) / ms);
      s.scrollTop = f * endNow();
      if (f >= 1) break;
    }
    // Settle at the bottom (the last rows' measured heights may move it a few more times).
    for (let i = 0; i < 20; i++) {
      s.scrollTop = endNow();
      await painted();
      if (s.scrollTop >= endNow() - 1) break;
    }
    await painted();
    maxRows = Math.max(maxRows, rowCount());
    const positions = [...document.querySelectorAll<HTMLElement>('[data-testid="table-row"]')].map((e) => Number(e.dataset.pos));
    return {
      ...frameStats(deltas.slice(1)),
      pxPerFrame: end / Math.max(1, deltas.length - 1),
      longestTaskMs: longestIn(start, performance.now()),
      maxDomRows: maxRows,
      /** The last row is in the page at the end (positions are 0-based). */
      lastRowShown: Math.max(-1, ...positions),
      rows: Number(document.querySelector('[data-testid="table-count"]')?.textContent?.split(' ')[0].replace(/\D/g, '') ?? 0),
    };
  },

  /** Frame times while Node sends wheel events (the page only records). */
  startRecording() {
    const rec = { deltas: [] as number[], maxRows: 0, start: performance.now(), on: true };
    let last = performance.now();
    const loop = (now: number) => {
      rec.deltas.push(now - last);
      last = now;
      rec.maxRows = Math.max(rec.maxRows, rowCount());
      if (rec.on) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    (globalThis as { rec?: typeof rec }).rec = rec;
  },
  stopRecording() {
    const rec = (globalThis as { rec?: { deltas: number[]; maxRows: number; start: number; on: boolean } }).rec!;
    rec.on = false;
    return { ...frameStats(rec.deltas.slice(1)), longestTaskMs: longestIn(rec.start, performance.now()), maxDomRows: rec.maxRows, scrollTop: scroller().scrollTop };
  },

  /** Jumps to a few far positions; the time each takes to paint its rows. */
  async jumps() {
    const s = scroller();
    const targets = [0.5, 0.05, 0.95, 0.25, 1, 0.75, 0];
    const times: number[] = [];
    const start = performance.now();
    for (const f of targets) {
      const t0 = performance.now();
      s.scrollTop = f * (s.scrollHeight - s.clientHeight);
      await painted();
      times.push(performance.now() - t0);
    }
    return { jumps: targets.length, medianMs: pct(times, 0.5), maxMs: Math.max(...times), longestTaskMs: longestIn(start, performance.now()), domRows: rowCount() };
  },

  /** Applies a filter through the table's own control; time to the DOM update and to the paint. */
  async filter(testid: string, value: string, event: 'input' | 'change') {
    const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-testid="${testid}"]`)!;
    await painted();
    const t0 = performance.now();
    if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = value !== '';
    else el.value = value;
    el.dispatchEvent(new Event(event, { bubbles: true }));
    flushSync();
    const updateMs = performance.now() - t0;
    await painted();
    const paintMs = performance.now() - t0;
    return {
      updateMs,
      paintMs,
      longestTaskMs: longestIn(t0, performance.now()),
      count: document.querySelector('[data-testid="table-count"]')?.textContent?.trim() ?? '',
      domRows: rowCount(),
    };
  },
};

(globalThis as { harness?: typeof harness }).harness = harness;
