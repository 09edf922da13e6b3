// Small display helpers (numbers, sizes, progress) kept out of the markup.
import type { LoadProgress } from '../core/checker.ts';

export function percent(x: number, digits = 0): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('en');
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function time(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export function hostname(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Share of the whole load each phase takes when the load does not say (LoadProgress.steps). */
const DEFAULT_STEPS: LoadProgress['steps'] = { download: 0.3, index: 0.4, store: 0.3 };
const ORDER: LoadProgress['phase'][] = ['download', 'unpack', 'index', 'store'];

/** Overall progress (0–100) of loading one corpus, and a line saying what it is doing. */
export function loadStatus(p: LoadProgress): { percent: number; detail: string } {
  const steps = p.steps ?? DEFAULT_STEPS!;
  // The phases before this one are done; this one counts by its share.
  let from = 0;
  for (const phase of ORDER) {
    if (phase === p.phase) break;
    from += steps[phase] ?? 0;
  }
  const share = steps[p.phase] ?? 0;
  // total 0: size unknown (a download the server compressed on the fly).
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const detail =
    p.phase === 'download'
      ? p.total > 0
        ? `Reading ${bytes(p.done)} of ${bytes(p.total)}`
        : `Reading ${bytes(p.done)}`
      : p.phase === 'unpack'
        ? `Unpacking ${count(p.done)} of ${count(p.total)} passages`
        : p.phase === 'index'
          ? `Indexing ${count(p.done)} of ${count(p.total)} passages`
          : `Storing ${count(p.done)} of ${count(p.total)} passages`;
  return { percent: Math.min(100, Math.floor((from + share * frac) * 100 + 1e-9)), detail };
}

/** A link target only for http(s) URLs: corpus files are untrusted (no javascript: links). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
