// Renders public/favicon.svg to the PNG icons the web app manifest names
// (run once after changing the SVG: `npx tsx scripts/make-icons.ts`; the PNGs
// are committed). Uses the system Chromium through playwright-core.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const targets: { file: string; size: number; maskable?: boolean }[] = [
  { file: 'icon-192.png', size: 192 },
  { file: 'icon-512.png', size: 512 },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const t of targets) {
    const page = await browser.newPage({ viewport: { width: t.size, height: t.size } });
    // Maskable icons need their content inside the central 80% safe zone and an opaque background.
    const inner = t.maskable ? Math.round(t.size * 0.72) : t.size;
    const html = `<html><body style="margin:0;width:${t.size}px;height:${t.size}px;display:grid;place-items:center;background:${t.maskable ? '#1f4e79' : 'transparent'}">
      <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`;
    await page.setContent(html);
    const png = await page.screenshot({ omitBackground: !t.maskable, clip: { x: 0, y: 0, width: t.size, height: t.size } });
    writeFileSync(new URL(`../public/icons/${t.file}`, import.meta.url), png);
    await page.close();
  }
} finally {
  await browser.close();
}
