// Node-only helpers of the pack builder: console progress and the archive
// download (fetch, redirects followed, progress bar, clear failures).
import { createWriteStream, mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, relative } from 'node:path';

/** A failure the builder reports as one message, without a stack trace. */
export class BuildError extends Error {}

// ---------------------------------------------------------------- console

export const tty = process.stdout.isTTY === true;

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** A one-line progress bar on a terminal; a line every 10% otherwise. */
export function progressBar(label: string) {
  let lastDraw = 0;
  let lastStep = -1;
  return {
    update(text: string, fraction?: number) {
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 100 && fraction !== 1) return;
        lastDraw = now;
        const width = 24;
        const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] `;
        process.stdout.write(`\r${label} ${bar}${text}\x1b[K`);
      } else {
        const step = fraction === undefined ? Math.floor(now / 5000) : Math.floor(fraction * 10);
        if (step === lastStep) return;
        lastStep = step;
        console.log(`${label} ${text}`);
      }
    },
    done(text: string) {
      if (tty) process.stdout.write(`\r${label} ${text}\x1b[K\n`);
      else console.log(`${label} ${text}`);
    },
  };
}

// ---------------------------------------------------------------- download

/**
 * Downloads a ZIP archive from `url` to `dest` (written to dest.part, renamed
 * when complete), following redirects, with a progress bar (bytes, %, speed).
 * Throws BuildError with what went wrong and what to do instead.
 */
export async function download(url: string, dest: string, opts: { stallMs?: number } = {}): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const controller = new AbortController();
  const STALL_MS = opts.stallMs ?? 60_000;
  let stall = setTimeout(() => controller.abort(), STALL_MS);
  const bar = progressBar('Downloading');
  const started = Date.now();
  const hint =
    `If this machine is offline, download ${url} elsewhere and put it at ${relative(process.cwd(), dest) || dest}` +
    ' (or pass --source PATH), then run `npm run evidence` again.';
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: controller.signal, headers: { 'user-agent': 'claimlens-evidence-builder' } });
  } catch (err) {
    clearTimeout(stall);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = controller.signal.aborted ? `no answer within ${STALL_MS / 1000} s` : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new BuildError(`Could not download ${url}: ${why}. ${hint}`);
  }
  if (!res.ok || !res.body) {
    clearTimeout(stall);
    throw new BuildError(`Could not download ${url}: HTTP ${res.status} ${res.statusText}. ${hint}`);
  }
  const total = Number(res.headers.get('content-length')) || 0;
  const out = createWriteStream(part);
  let got = 0;
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      clearTimeout(stall);
      stall = setTimeout(() => controller.abort(), STALL_MS);
      got += value.length;
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
      const secs = Math.max(0.001, (Date.now() - started) / 1000);
      const speed = `${fmtBytes(got / secs)}/s`;
      bar.update(total ? `${fmtBytes(got)} / ${fmtBytes(total)} ${Math.floor((got / total) * 100)}% ${speed}` : `${fmtBytes(got)} ${speed}`, total ? got / total : undefined);
    }
    await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
  } catch (err) {
    out.destroy();
    try {
      unlinkSync(part);
    } catch {
      /* nothing written */
    }
    const why = controller.signal.aborted ? `the download stalled for ${STALL_MS / 1000} s` : (err as Error).message;
    throw new BuildError(`Download of ${url} failed after ${fmtBytes(got)}: ${why}. ${hint}`);
  } finally {
    clearTimeout(stall);
  }
  if (total && got !== total) {
    unlinkSync(part);
    throw new BuildError(`Download of ${url} is incomplete (${fmtBytes(got)} of ${fmtBytes(total)}). Run \`npm run evidence\` again.`);
  }
  const head = readFileSync(part).subarray(0, 4);
  if (!(head[0] === 0x50 && head[1] === 0x4b)) {
    unlinkSync(part);
    throw new BuildError(`${url} did not return a ZIP archive (a proxy or login page?). ${hint}`);
  }
  renameSync(part, dest);
  bar.done(`${fmtBytes(got)} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${relative(process.cwd(), dest)}`);
}

