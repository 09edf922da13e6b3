import { describe, expect, it } from 'vitest';
import { DownloadMeter, formatDuration, formatSize, parsePhase } from '../../../src/lib/ask/download-progress.ts';

// Lines as web-llm 0.2.86 writes them (lib/index.js, fetchTensorCacheInternal).
const fetching = (i: number, mb: number, pct: number, s: number) =>
  `Fetching param cache[${i}/40]: ${mb}MB fetched. ${pct}% completed, ${s} secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.`;

describe('parsePhase', () => {
  it('tells downloading, reading from cache and compiling shaders apart', () => {
    expect(parsePhase('Start to fetch params')).toEqual({ phase: 'download', mb: 0 });
    expect(parsePhase(fetching(3, 120, 7, 12))).toEqual({ phase: 'download', mb: 120 });
    expect(parsePhase('Loading model from cache[2/40]: 64MB loaded. 4% completed, 1 secs elapsed.')).toEqual({ phase: 'cache', mb: 64 });
    expect(parsePhase('Loading GPU shader modules[10/80]: 12% completed, 3 secs elapsed.').phase).toBe('shaders');
    expect(parsePhase('Connecting to http://127.0.0.1:8000…').phase).toBe('connect');
    expect(parsePhase('Finish loading on WebGPU - nvidia').phase).toBe('other');
  });
});

describe('DownloadMeter', () => {
  it('derives size, speed and time left from the reports and its own clock', () => {
    let t = 0;
    const meter = new DownloadMeter(1063, () => t);
    // Before web-llm's fraction moves, the catalog estimate is the total.
    const s0 = meter.update({ progress: 0, text: 'Start to fetch params', elapsedSeconds: 0 });
    expect(s0.totalBytes).toBe(1063e6);
    expect(s0.bytesPerSecond).toBeUndefined();
    t = 1000;
    meter.update({ progress: 0.1, text: fetching(4, 100, 10, 1), elapsedSeconds: 1 });
    t = 3000;
    const s = meter.update({ progress: 0.3, text: fetching(12, 300, 30, 3), elapsedSeconds: 3 });
    expect(s.phase).toBe('download');
    expect(s.doneBytes).toBe(300 * 2 ** 20);
    // web-llm's fraction gives the real total: 300 MiB is 30 %.
    expect(s.totalBytes).toBeCloseTo(1000 * 2 ** 20, 0);
    // 300 MiB in 3 s since the first sample (0 MiB at t=0).
    expect(s.bytesPerSecond).toBeCloseTo((300 * 2 ** 20) / 3, 0);
    expect(s.secondsLeft).toBeCloseTo(7, 5);
  });

  it('measures speed over the last seconds only', () => {
    let t = 0;
    const meter = new DownloadMeter(undefined, () => t);
    for (let i = 0; i <= 20; i++) {
      t = i * 1000;
      // Fast (100 MiB/s) for 10 s, then slow (10 MiB/s).
      const mb = i <= 10 ? i * 100 : 1000 + (i - 10) * 10;
      meter.update({ progress: mb / 2000, text: fetching(i, mb, Math.floor(mb / 20), i), elapsedSeconds: i });
    }
    const s = meter.update({ progress: 1100 / 2000, text: fetching(21, 1100, 55, 21), elapsedSeconds: 21 });
    expect(s.bytesPerSecond! / 2 ** 20).toBeGreaterThan(9);
    expect(s.bytesPerSecond! / 2 ** 20).toBeLessThan(20);
  });

  it('reports reading from the cache without a speed or time left', () => {
    const meter = new DownloadMeter(375);
    const s = meter.update({ progress: 0.5, text: 'Loading model from cache[20/40]: 180MB loaded. 50% completed, 2 secs elapsed.', elapsedSeconds: 2 });
    expect(s).toMatchObject({ phase: 'cache', doneBytes: 180 * 2 ** 20 });
    expect(s.bytesPerSecond).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes sizes and durations people read', () => {
    expect(formatSize(338 * 2 ** 20)).toBe('338 MB');
    expect(formatSize(2.25 * 2 ** 30)).toBe('2.3 GB');
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
});
