// A self-contained HTML report of a batch run: per-model (or per-tag) shares
// with 95 % intervals, answer scores and claim confidences as inline SVG
// charts, each with its numbers in a table, and the claims with their
// verdicts, reasons and evidence. No script, no external request (a
// Content-Security-Policy in the page forbids them), so it opens offline and
// can be mailed. All text from answers, models and evidence is escaped.
import type { Verdict } from '../types.ts';
import { VERDICTS } from '../types.ts';
import { groupStats, type BatchResult, type GroupStats, type Histogram } from './stats.ts';
import type { Agreement } from './review.ts';
import type { Comparison } from './compare.ts';

export interface HtmlReportOptions {
  title?: string;
  /** Group by 'model' (default) or a tag name. */
  by?: string;
  /** Most claims listed in the claim table (default 5,000). */
  maxClaims?: number;
  /** When the report was made (shown; default now). */
  generatedAt?: string;
  /** A line about the run (method, corpora), shown under the title. */
  about?: string;
  /** The checker's agreement with a human reviewer (Batch view), shown as a section. */
  agreement?: Agreement;
}

const COLOURS: Record<Verdict, string> = { supported: '#2e7d32', contradicted: '#c62828', unverifiable: '#b7791f' };
const MARKS: Record<Verdict, string> = { supported: '✓', contradicted: '✗', unverifiable: '?' };

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Only http(s) links are kept (no javascript: or data: URLs from a corpus). */
function safeUrl(url: string | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

function sharesChart(stats: GroupStats[]): string {
  const rowH = 28;
  const labelW = 180;
  const barW = 480;
  const h = stats.length * rowH + 30;
  const bars = stats
    .map((g, i) => {
      let x = labelW;
      const y = 10 + i * rowH;
      const segs = VERDICTS.map((v) => {
        const w = g.claims ? (g.counts[v] / g.claims) * barW : 0;
        const seg = w > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${COLOURS[v]}"><title>${escapeHtml(g.group)}: ${v} ${pct(g.shares[v].share)}</title></rect>` : '';
        x += w;
        return seg;
      }).join('');
      return `<text x="${labelW - 8}" y="${y + rowH / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(g.group)}</text>${segs}`;
    })
    .join('');
  const legend = VERDICTS.map(
    (v, i) => `<rect x="${labelW + i * 150}" y="${h - 14}" width="10" height="10" fill="${COLOURS[v]}"/><text x="${labelW + i * 150 + 14}" y="${h - 5}">${MARKS[v]} ${v}</text>`,
  ).join('');
  return `<svg role="img" aria-label="Shares of supported, contradicted and unverifiable claims per group" width="${labelW + barW + 20}" height="${h}" viewBox="0 0 ${labelW + barW + 20} ${h}">${bars}${legend}</svg>`;
}

function histogramChart(label: string, groups: { name: string; h: Histogram }[]): string {
  const w = 300;
  const ch = 90;
  const panels = groups
    .map(({ name, h }, gi) => {
      const max = Math.max(1, ...h.counts);
      const bw = w / h.counts.length;
      const bars = h.counts
        .map((c, i) => {
          const bh = (c / max) * (ch - 20);
          return `<rect x="${(i * bw + 1).toFixed(1)}" y="${(ch - 12 - bh).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="#4a6fa5"><title>${h.edges[i].toFixed(1)}–${h.edges[i + 1].toFixed(1)}: ${c}</title></rect>`;
        })
        .join('');
      return `<g transform="translate(${gi * (w + 30)},0)"><text x="0" y="10">${escapeHtml(name)}</text>${bars}<line x1="0" y1="${ch - 12}" x2="${w}" y2="${ch - 12}" stroke="#888"/><text x="0" y="${ch}">0</text><text x="${w}" y="${ch}" text-anchor="end">1</text></g>`;
    })
    .join('');
  const width = groups.length * (w + 30);
  return `<svg role="img" aria-label="${escapeHtml(label)}" width="${width}" height="${ch + 4}" viewBox="0 0 ${width} ${ch + 4}">${panels}</svg>`;
}

function histogramTable(groups: { name: string; h: Histogram }[]): string {
  if (!groups.length) return '';
  const edges = groups[0].h.edges;
  const head = edges.slice(0, -1).map((e, i) => `<th>${e.toFixed(1)}–${edges[i + 1].toFixed(1)}</th>`).join('');
  const rows = groups.map(({ name, h }) => `<tr><th scope="row">${escapeHtml(name)}</th>${h.counts.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function sharesTable(stats: GroupStats[], by: string): string {
  const rows = stats
    .map(
      (g) =>
        `<tr><th scope="row">${escapeHtml(g.group)}</th><td>${g.answers}${g.failed ? ` (${g.failed} failed)` : ''}</td><td>${g.claims}</td>${VERDICTS.map(
          (v) => `<td>${pct(g.shares[v].share)} <span class="ci">[${pct(g.shares[v].low)}, ${pct(g.shares[v].high)}]</span></td>`,
        ).join('')}<td>${g.meanScore === null ? 'n/a' : pct(g.meanScore)}${g.unscored ? ` <span class="ci">(${g.unscored} not checked)</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>${escapeHtml(by)}</th><th>answers</th><th>claims</th>${VERDICTS.map((v) => `<th>${MARKS[v]} ${v} (95 % CI)</th>`).join('')}<th>mean hallucination score</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function claimsTable(results: readonly BatchResult[], by: string, max: number): string {
  const rows: string[] = [];
  let total = 0;
  for (const r of results) {
    for (const c of r.report?.claims ?? []) {
      total++;
      if (rows.length >= max) continue;
      const ev = c.evidence[c.decidingEvidence ?? 0];
      const url = safeUrl(ev?.url);
      const title = ev ? (url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(ev.title)}</a>` : escapeHtml(ev.title)) : '';
      const group = by === 'model' ? r.model : r.tags?.[by];
      rows.push(
        `<tr class="${c.verdict}"><td>${escapeHtml(r.id)}</td><td>${escapeHtml(group ?? '')}</td><td>${escapeHtml(c.text)}${c.repeats?.length ? ` ×${c.repeats.length + 1}` : ''}</td><td class="v">${MARKS[c.verdict]} ${c.verdict}${c.lean ? ` (leans ${c.lean})` : ''}</td><td>${pct(c.confidence)}</td><td>${escapeHtml(c.reason ?? '')}</td><td>${title}${ev ? `<div class="sentence">${escapeHtml(ev.sentence)}</div>` : ''}</td></tr>`,
      );
    }
  }
  const note = total > max ? `<p>Showing the first ${max.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} claims; the JSON export has all of them.</p>` : '';
  return `${note}<table class="claims"><thead><tr><th>answer</th><th>${escapeHtml(by)}</th><th>claim</th><th>verdict</th><th>confidence</th><th>why</th><th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;margin:24px;color:#1d2733;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #d5dbe3;padding:4px 8px;text-align:left;vertical-align:top}thead th{background:#f2f5f9}
.ci{color:#5b6776;font-size:12px}.claims td.v{white-space:nowrap}.supported td.v{color:#2e7d32}.contradicted td.v{color:#c62828}
.unverifiable td.v{color:#8a5a00}.sentence{color:#4b5563;font-size:12px;margin-top:2px}svg{font-size:12px;max-width:100%;height:auto}.muted{color:#5b6776}`;

/** The whole report as one HTML document. */
export function renderHtmlReport(results: readonly BatchResult[], opts: HtmlReportOptions = {}): string {
  const by = opts.by ?? 'model';
  const title = opts.title ?? 'ClaimLens batch report';
  const stats = groupStats(results, by);
  const scoreGroups = stats.map((g) => ({ name: g.group, h: g.scores }));
  const confGroups = stats.map((g) => ({ name: g.group, h: g.confidence }));
  const answers = results.length;
  const claims = stats.reduce((a, g) => a + g.claims, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${answers.toLocaleString('en-US')} answers, ${claims.toLocaleString('en-US')} claims, grouped by ${escapeHtml(by)}; made ${escapeHtml(opts.generatedAt ?? new Date().toISOString())} by ClaimLens. Verdicts come from the checker's evidence corpus; this is a research tool, not medical advice.</p>
${opts.about ? `<p class="muted">${escapeHtml(opts.about)}</p>` : ''}
<h2>Verdict shares per ${escapeHtml(by)}</h2>
${sharesChart(stats)}
${sharesTable(stats, by)}
<h2>Answer-level hallucination scores</h2>
<p class="muted">How far the evidence leans against each answer's most doubtful claim (0.5 = balanced or silent, 1 = contradicted); answers where nothing could be checked are left out.</p>
${histogramChart('Distribution of answer hallucination scores per group', scoreGroups)}
${histogramTable(scoreGroups)}
<h2>Claim confidence</h2>
${histogramChart('Distribution of claim confidences per group', confGroups)}
${histogramTable(confGroups)}
${opts.agreement ? agreementSection(opts.agreement) : ''}
<h2>Claims</h2>
${claimsTable(results, by, opts.maxClaims ?? 5000)}
</body></html>
`;
}

function agreementSection(a: Agreement): string {
  if (!a.n) return '';
  const head = VERDICTS.map((v) => `<th>reviewer: ${MARKS[v]} ${v}</th>`).join('');
  const rows = VERDICTS.map((v) => `<tr><th scope="row">checker: ${MARKS[v]} ${v}</th>${VERDICTS.map((w) => `<td>${a.confusion[v][w]}</td>`).join('')}</tr>`).join('');
  return `<h2>Agreement with the reviewer</h2>
<p>${a.n.toLocaleString('en-US')} claim${a.n === 1 ? '' : 's'} reviewed: accuracy ${pct(a.accuracy)}, Cohen's kappa ${a.kappa === null ? 'n/a' : a.kappa.toFixed(3)}.</p>
<table><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** A comparison of two runs, or two models of a run (compare.ts), as one HTML document. */
export function renderComparisonHtml(c: Comparison, opts: Pick<HtmlReportOptions, 'title' | 'generatedAt' | 'maxClaims' | 'about'> = {}): string {
  const title = opts.title ?? `ClaimLens comparison: ${c.a.label} vs ${c.b.label}`;
  const stats = [c.a.stats, c.b.stats];
  const scoreGroups = stats.map((g) => ({ name: g.group, h: g.scores }));
  const confGroups = stats.map((g) => ({ name: g.group, h: g.confidence }));
  const max = opts.maxClaims ?? 5000;
  const diffs = c.differences
    .slice(0, max)
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.question ?? d.key)}</td><td>${escapeHtml(d.claim)}</td><td class="v ${d.a.verdict}">${MARKS[d.a.verdict]} ${d.a.verdict} (${pct(d.a.confidence)})</td><td class="v ${d.b.verdict}">${MARKS[d.b.verdict]} ${d.b.verdict} (${pct(d.b.confidence)})</td></tr>`,
    )
    .join('');
  const unpaired = [c.a, c.b].filter((s) => s.unpaired).map((s) => `${s.unpaired} of ${escapeHtml(s.label)}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}td.supported{color:#2e7d32}td.contradicted{color:#c62828}td.unverifiable{color:#8a5a00}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${c.paired.toLocaleString('en-US')} questions answered by both, paired by ${c.by === 'id' ? 'answer id' : 'question'}${unpaired.length ? `; not paired: ${unpaired.join(', ')}` : ''}; made ${escapeHtml(opts.generatedAt ?? new Date().toISOString())} by ClaimLens. A research tool, not medical advice.</p>
${opts.about ? `<p class="muted">${escapeHtml(opts.about)}</p>` : ''}
<h2>Verdict shares, side by side</h2>
${sharesChart(stats)}
${sharesTable(stats, 'side')}
<h2>Answer-level hallucination scores</h2>
${histogramChart('Distribution of answer hallucination scores per side', scoreGroups)}
${histogramTable(scoreGroups)}
<h2>Claim confidence</h2>
${histogramChart('Distribution of claim confidences per side', confGroups)}
${histogramTable(confGroups)}
<h2>Claims with different verdicts</h2>
<p>${c.differences.length.toLocaleString('en-US')} of ${c.sharedClaims.toLocaleString('en-US')} claims made by both sides on the same question have different verdicts.</p>
${c.differences.length > max ? `<p>Showing the first ${max.toLocaleString('en-US')}.</p>` : ''}
<table class="claims"><thead><tr><th>question</th><th>claim</th><th>${escapeHtml(c.a.label)}</th><th>${escapeHtml(c.b.label)}</th></tr></thead><tbody>${diffs}</tbody></table>
</body></html>
`;
}
