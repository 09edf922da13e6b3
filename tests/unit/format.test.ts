import { describe, expect, it } from 'vitest';
import { loadStatus, safeUrl } from '../../src/lib/format.ts';

describe('safeUrl', () => {
  it('keeps http and https links', () => {
    expect(safeUrl('https://www.cdc.gov/flu/')).toBe('https://www.cdc.gov/flu/');
    expect(safeUrl('http://example.org/a?b=c')).toBe('http://example.org/a?b=c');
  });

  it('drops script, data and relative links from untrusted corpora', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl(' JavaScript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeUrl('/relative/path')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});

describe('loadStatus', () => {
  it('maps each phase into its share of the whole load', () => {
    expect(loadStatus({ phase: 'download', corpus: 'm', name: 'M', done: 50, total: 100 }).percent).toBe(15);
    expect(loadStatus({ phase: 'index', corpus: 'm', name: 'M', done: 0, total: 10 }).percent).toBe(30);
    expect(loadStatus({ phase: 'store', corpus: 'm', name: 'M', done: 10, total: 10 }).percent).toBe(100);
  });

  it('splits the bar among the phases a load says it runs', () => {
    const steps = { download: 0.7, unpack: 0.25, index: 0.05 };
    const at = (phase: 'download' | 'unpack' | 'index', done: number, total: number) =>
      loadStatus({ phase, corpus: 'm', name: 'M', done, total, steps });
    expect(at('download', 0, 100).percent).toBe(0);
    expect(at('download', 50, 100).percent).toBe(35);
    expect(at('unpack', 0, 10)).toEqual({ percent: 70, detail: 'Unpacking 0 of 10 passages' });
    expect(at('unpack', 10, 10).percent).toBe(95);
    expect(at('index', 10, 10).percent).toBe(100);
    expect(loadStatus({ phase: 'store', corpus: 'm', name: 'M', done: 5, total: 10, steps: { store: 1 } }).percent).toBe(50);
  });

  it('does not invent a percentage for a download of unknown size', () => {
    const s = loadStatus({ phase: 'download', corpus: 'm', name: 'M', done: 3 * 1024 * 1024, total: 0 });
    expect(s.percent).toBe(0);
    expect(s.detail).toBe('Reading 3.0 MB');
  });
});
