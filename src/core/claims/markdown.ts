// Markdown masked in place: markup characters are replaced by spaces (same
// length, newlines kept) so that sentence segmentation runs on plain text
// while every offset still points into the original answer. A line scanner
// finds the blocks — paragraphs, headings, list items (also the bullets
// answers use that CommonMark has no syntax for), table cells — and records
// them alongside the masked text; inside a line, code spans, links, images
// and emphasis are read from mdast-util-from-markdown's syntax tree.
// Fenced code is masked entirely.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';
import type { Extension } from 'micromark-util-types';
import type { Span } from '../types.ts';

export type BlockKind = 'paragraph' | 'heading' | 'item' | 'cell';

export interface Block {
  kind: BlockKind;
  /** Range of the block's text in the original answer (trimmed). */
  start: number;
  end: number;
  /** Indentation of a list item (or an indented paragraph); -1 at top level. */
  indent: number;
  /** Index (in `blocks`) of a block ending with ':' that introduces this item. */
  leadIn?: number;
  /** Index of the nearest heading before this block. */
  heading?: number;
  /** Table cells: the column's header text (masked, trimmed), if any. */
  header?: string;
  /** Table cells: the row's range and a row number shared by its cells. */
  row?: Span;
  rowId?: number;
}

export interface MaskedDocument {
  /** Same length as the input: markup and text outside the regions are spaces. */
  masked: string;
  blocks: Block[];
}

const SPACE = 32;
const NL = 10;

/** Inline formatting: masked, the text around it reads on ("<b>Metformin</b> lowers…"). */
const INLINE_TAGS = new Set(
  'a abbr b big cite code del em font i ins kbd mark q s small span strike strong sub sup tt u wbr think thinking'.split(' '),
);
/**
 * Block, void and embedding elements: masked and a sentence boundary, so that
 * text on either side of "<br>", "<img …>" or "</div><div>" is never glued
 * into one claim.
 */
const BOUNDARY_TAGS = new Set(
  ('address article aside audio blockquote body br button canvas caption center col colgroup dd details dialog div dl ' +
    'dt embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html iframe img input label ' +
    'legend li link main meta nav noscript object ol option p picture pre section select source summary table tbody ' +
    'td textarea tfoot th thead title tr track ul video')
    .split(' '),
);
/** Elements whose content is code or styling, never text: masked up to their closing tag. */
const RAW_ELEMENTS = new Set(['script', 'style', 'svg', 'template', 'math']);

/**
 * Masks Markdown in `regions` of `text` (default: all of it). Characters
 * outside the regions become spaces too, so a reasoning block that is not
 * checked can never leak into an answer sentence.
 */
export function maskMarkdown(text: string, regions: Span[] = [[0, text.length]]): MaskedDocument {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  const inRegion = new Uint8Array(text.length);
  for (const [s, e] of regions) inRegion.fill(1, Math.max(0, s), Math.min(text.length, e));
  for (let i = 0; i < text.length; i++) if (!inRegion[i] && codes[i] !== NL) codes[i] = SPACE;

  const blocks: Block[] = [];
  for (const [s, e] of regions) new Scanner(text, codes, blocks, s, e).run();
  const masked = decode(codes);
  // Trim blocks to their visible text; drop blocks left empty by masking.
  const out: Block[] = [];
  const remap = new Map<number, number>();
  blocks.forEach((b, i) => {
    let s = b.start;
    let e = b.end;
    while (s < e && isSpaceCode(masked.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(masked.charCodeAt(e - 1))) e--;
    if (e <= s) return;
    remap.set(i, out.length);
    out.push({ ...b, start: s, end: e });
  });
  for (const b of out) {
    if (b.leadIn !== undefined) b.leadIn = remap.get(b.leadIn);
    if (b.heading !== undefined) b.heading = remap.get(b.heading);
  }
  return { masked, blocks: out };
}

/**
 * micromark with its block constructs turned off (the line scanner finds the
 * blocks, including what CommonMark has no syntax for: "•" bullets, "1、",
 * tables) and its HTML, autolinks and character references too (the scanner
 * masks tags as sentence boundaries and decodes entities in place): what is
 * left reads code spans, links, images and emphasis, with escapes.
 */
const INLINE_ONLY: Extension = {
  disable: {
    null: [
      'blockQuote', 'codeFenced', 'codeIndented', 'definition', 'headingAtx', 'htmlFlow', 'list', 'setextUnderline',
      'thematicBreak', 'htmlText', 'autolink', 'characterReference',
    ],
  },
};
/** A line without these characters has no code span, link, image or emphasis: no need to parse it. */
const INLINE_SYNTAX_HINT = /[`[*_]/;

// Sticky: matched in place, bounded quantifiers keep it linear.
const TAG = /<(?:\/?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]{0,4000})?\/?>|(?:https?|mailto|ftp):[^\s<>]{1,500}>|!--[\s\S]{0,500}?-->)/y;

const ENTITY = /&(?:(quot|amp|apos|lt|gt|nbsp|ndash|mdash|rsquo|lsquo|rdquo|ldquo|hellip|deg|plusmn|micro|times)|#(\d{1,5}));/iy;
const ENTITIES: Record<string, string> = {
  quot: '"', amp: '&', apos: "'", lt: '<', gt: '>', nbsp: ' ', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘',
  rdquo: '”', ldquo: '“', hellip: '…', deg: '°', plusmn: '±', micro: 'µ', times: '×',
};

/** indexOf limited to [from, to): -1 when not found there. */
function findBefore(s: string, needle: string, from: number, to: number): number {
  for (let i = from; i + needle.length <= to; i++) {
    if (s[i] === needle[0] && (needle.length === 1 || s.startsWith(needle, i))) return i;
  }
  return -1;
}

function decode(codes: Uint16Array): string {
  // Chunked to stay clear of argument-count limits of fromCharCode.
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < codes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(codes.subarray(i, i + CHUNK)));
  }
  return s;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x200b;
}

function isPunct(ch: string): boolean {
  return /[\p{P}\p{S}]/u.test(ch);
}

interface Open {
  index: number; // into blocks
  lastLineEnd: number;
}

/** One line as the block steps see it: after blockquote markers. */
interface Line {
  /** The line in the text: [ls, le). */
  ls: number;
  le: number;
  /** The line after its blockquote markers, and where that starts in the text. */
  rest: string;
  base: number;
  /** The next line (raw), or null at the end of the region. */
  next: string | null;
}

/** A table's delimiter row: "|---|:--:|". */
function isDelimiterRow(line: string): boolean {
  return /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line) && line.includes('-');
}

/** List item markers: bullets (also symbols and emoji), "1." / "1)" / "a)", Chinese "1、" / "一、" / "(1)". */
const ITEM_MARKER =
  /^( *)([-*+•·‣▪●✓✔✗✘➤►→▶]|\p{Extended_Pictographic}\uFE0F?|\d\uFE0F\u20E3|\d{1,3}[.)]|[a-zA-Z][.)])( +|$)|^( *)(\d{1,3}、|[一二三四五六七八九十]{1,3}、|[（(]\d{1,3}[）)])( *)/u;

class Scanner {
  private open: Open | null = null;
  private fence: { ch: string; len: number } | null = null;
  private leadIns: { index: number; indent: number }[] = [];
  private lastHeading: number | undefined;
  private table: { headers: string[] } | null = null;
  private rowId = 0;
  /** Inside a <script>/<style>… element that goes on past this line: its name. */
  private raw: string | null = null;
  /** maskInline starts here at the earliest (after a raw element closed on this line). */
  private skipTo = -1;

  constructor(
    private text: string,
    private codes: Uint16Array,
    private blocks: Block[],
    private from: number,
    private to: number,
  ) {}

  private mask(a: number, b: number): void {
    for (let i = a; i < b; i++) if (this.codes[i] !== NL) this.codes[i] = SPACE;
  }

  run(): void {
    let ls = this.from;
    while (ls < this.to) {
      let le = this.text.indexOf('\n', ls);
      if (le < 0 || le > this.to) le = this.to;
      this.line(ls, le, le + 1 < this.to ? this.nextLine(le + 1) : null);
      ls = le + 1;
    }
    this.close();
  }

  private nextLine(ls: number): string {
    let le = this.text.indexOf('\n', ls);
    if (le < 0 || le > this.to) le = this.to;
    return this.text.slice(ls, le);
  }

  private close(): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    const b = this.blocks[o.index];
    // A paragraph that is one bold line ("**Common types**") is a heading.
    if (b.kind === 'paragraph' && b.indent < 0 && /^\s*(\*\*|__)[^*_\n]+\1\s*$/.test(this.text.slice(b.start, b.end))) {
      b.kind = 'heading';
      delete b.heading;
      this.lastHeading = o.index;
      return;
    }
    if (b.kind === 'paragraph' || b.kind === 'item') {
      const t = this.maskedTail(b.start, b.end);
      if (/[:：]$/.test(t)) this.leadIns.push({ index: o.index, indent: b.indent });
    }
  }

  private maskedTail(s: number, e: number): string {
    let i = e;
    while (i > s && isSpaceCode(this.codes[i - 1])) i--;
    return i > s ? String.fromCharCode(this.codes[i - 1]) : '';
  }

  private addBlock(b: Block): number {
    if (this.lastHeading !== undefined && b.kind !== 'heading') b.heading = this.lastHeading;
    this.blocks.push(b);
    return this.blocks.length - 1;
  }

  /**
   * One line: the first step that recognises it handles it (fenced code,
   * raw HTML content, blank line, fence, setext underline, thematic break,
   * link definition, heading, table row, list item), else it is text.
   */
  private line(ls: number, le: number, next: string | null): void {
    let raw = this.text.slice(ls, le);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (this.insideFence(raw, ls, le) || this.insideRawElement(ls, le)) return;
    const p = this.blockquoteMarkers(raw, ls);
    const line: Line = { ls, le, rest: raw.slice(p), base: ls + p, next };
    const steps = [
      this.blankLine,
      this.fenceOpening,
      this.setextUnderline,
      this.thematicBreak,
      this.linkDefinition,
      this.atxHeading,
      this.tableLine,
      this.listItem,
    ];
    for (const step of steps) if (step.call(this, line)) return;
    this.table = null;
    this.textLine(line);
  }

  /** Inside a fenced code block: masked; true when the line belonged to it. */
  private insideFence(raw: string, ls: number, le: number): boolean {
    if (!this.fence) return false;
    const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(raw);
    this.mask(ls, le);
    if (m && m[1][0] === this.fence.ch && m[1].length >= this.fence.len) this.fence = null;
    return true;
  }

  /** Still inside <script>…: masked up to its closing tag, which is a boundary. True when nothing is left of the line. */
  private insideRawElement(ls: number, le: number): boolean {
    if (!this.raw) return false;
    const close = this.rawClose(this.raw, ls, le);
    if (!close) {
      this.mask(ls, le);
      return true;
    }
    this.mask(ls, close[1]);
    this.boundary(close[0]);
    this.raw = null;
    this.skipTo = close[1];
    return !/\S/.test(this.text.slice(close[1], le));
  }

  /** Blockquote markers: masked; returns where the rest of the line starts (relative to the line). */
  private blockquoteMarkers(raw: string, ls: number): number {
    let p = 0;
    for (;;) {
      let q = p;
      while (q < raw.length && q - p < 4 && raw[q] === ' ') q++;
      if (raw[q] !== '>') return p;
      this.mask(ls + p, ls + q + 1);
      p = q + 1;
      if (raw[p] === ' ') p++;
    }
  }

  private blankLine({ rest }: Line): boolean {
    if (!/^\s*$/.test(rest)) return false;
    this.close();
    this.table = null;
    return true;
  }

  private fenceOpening({ rest, ls, le }: Line): boolean {
    const fenceOpen = /^ {0,3}(`{3,}|~{3,})/.exec(rest);
    if (!fenceOpen || (fenceOpen[1][0] === '`' && rest.slice(fenceOpen[0].length).includes('`'))) return false;
    this.close();
    this.table = null;
    this.fence = { ch: fenceOpen[1][0], len: fenceOpen[1].length };
    this.mask(ls, le);
    return true;
  }

  /** Setext heading underline below a paragraph line. */
  private setextUnderline({ rest, base, le }: Line): boolean {
    if (!this.open || !/^ {0,3}(=+|-+)\s*$/.test(rest)) return false;
    const b = this.blocks[this.open.index];
    if (b.kind !== 'paragraph') return false;
    this.mask(base, le);
    b.kind = 'heading';
    delete b.heading;
    this.lastHeading = this.open.index;
    this.open = null;
    this.leadIns = [];
    return true;
  }

  private thematicBreak({ rest, base, le }: Line): boolean {
    if (!/^ {0,3}([-*_])( *\1){2,}\s*$/.test(rest)) return false;
    this.close();
    this.table = null;
    this.mask(base, le);
    return true;
  }

  /** Link reference definition: not text. */
  private linkDefinition({ rest, base, le }: Line): boolean {
    if (!/^ {0,3}\[[^\]]+\]:\s*\S+/.test(rest) || /^ {0,3}\[\^/.test(rest)) return false;
    this.close();
    this.mask(base, le);
    return true;
  }

  private atxHeading({ rest, base, le }: Line): boolean {
    const heading = /^( {0,3})(#{1,6})(?=\s|$)/.exec(rest);
    if (!heading) return false;
    this.close();
    this.table = null;
    this.leadIns = [];
    const hs = base + heading[1].length;
    this.mask(hs, hs + heading[2].length);
    // closing hashes "## Title ##"
    const closing = /\s(#+)\s*$/.exec(rest);
    let end = le;
    if (closing) {
      end = base + closing.index + 1;
      this.mask(end, le);
    }
    this.maskInline(hs + heading[2].length, end);
    const idx = this.addBlock({ kind: 'heading', start: hs, end, indent: -1 });
    this.lastHeading = idx;
    return true;
  }

  /** Tables: a header row followed by a delimiter row, or rows of an open table. */
  private tableLine({ rest, base, le, next }: Line): boolean {
    if (this.table && rest.includes('|')) {
      if (isDelimiterRow(rest)) this.mask(base, le);
      else {
        this.close();
        this.tableRow(base, le, false);
      }
      return true;
    }
    if (rest.includes('|') && next !== null && isDelimiterRow(next.replace(/^\s*(>\s?)+/, ''))) {
      this.close();
      this.leadIns = [];
      this.table = { headers: [] };
      this.tableRow(base, le, true);
      return true;
    }
    return false;
  }

  private listItem({ rest, base, le }: Line): boolean {
    const item = ITEM_MARKER.exec(rest);
    // "a) …" items only inside a list: "A. Smith" is prose.
    const letter = item && item[2] !== undefined && /^[a-zA-Z]/.test(item[2]);
    if (!item || (letter && !this.inList())) return false;
    this.table = null;
    this.close();
    const indent = (item[1] ?? item[4]).length;
    const ms = base + indent;
    let me = base + item[0].length;
    this.mask(ms, me);
    const box = /^\[[ xX]\]\s/.exec(rest.slice(item[0].length));
    if (box) {
      this.mask(me, me + 3);
      me += 3;
    }
    while (this.leadIns.length && this.leadIns[this.leadIns.length - 1].indent >= indent) this.leadIns.pop();
    const lead = this.leadIns[this.leadIns.length - 1];
    this.maskInline(me, le);
    const idx = this.addBlock({ kind: 'item', start: me, end: le, indent, leadIn: lead?.index });
    this.open = { index: idx, lastLineEnd: le };
    return true;
  }

  /** Plain text line: continues the open block or starts a paragraph. */
  private textLine({ rest, base, le }: Line): void {
    const indent = /^ */.exec(rest)![0].length;
    this.maskInline(base, le);
    if (this.open) {
      const b = this.blocks[this.open.index];
      if (b.kind === 'paragraph' || b.kind === 'item') {
        this.softWrap(this.open.lastLineEnd, base + indent);
        b.end = le;
        this.open.lastLineEnd = le;
        return;
      }
    }
    this.close();
    // A paragraph at the top level ends any list; an indented one belongs to an item.
    const nested = indent >= 2 && this.inList();
    if (!nested) this.leadIns = [];
    const idx = this.addBlock({ kind: 'paragraph', start: base, end: le, indent: nested ? indent : -1 });
    this.open = { index: idx, lastLineEnd: le };
  }

  private inList(): boolean {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const b = this.blocks[i];
      if (b.start < this.from) return false;
      if (b.kind === 'item') return true;
      if (b.kind === 'heading' || (b.kind === 'paragraph' && b.indent < 0)) return false;
    }
    return false;
  }

  /**
   * A line break inside a sentence (hard-wrapped text): the newline becomes a
   * space so that the segmenter, which always breaks at a newline, does not
   * cut the sentence. Only when the previous line does not end a sentence and
   * the next one starts in lower case.
   */
  private softWrap(prevEnd: number, nextStart: number): void {
    let i = prevEnd;
    while (i > this.from && isSpaceCode(this.codes[i - 1])) i--;
    const last = i > this.from ? String.fromCharCode(this.codes[i - 1]) : '';
    const first = String.fromCharCode(this.codes[nextStart] ?? SPACE);
    if (/[.!?:;。！？；：]/.test(last) || !/[a-z(]/.test(first)) return;
    for (let k = prevEnd; k < nextStart; k++) if (this.codes[k] === NL || this.codes[k] === 13) this.codes[k] = SPACE;
  }

  private tableRow(s: number, e: number, isHeader: boolean): void {
    const text = this.text;
    // Cell boundaries: unescaped pipes outside inline code.
    const pipes: number[] = [];
    let inCode = false;
    for (let i = s; i < e; i++) {
      const ch = text[i];
      if (ch === '`') inCode = !inCode;
      else if (ch === '\\') i++;
      else if (ch === '|' && !inCode) pipes.push(i);
    }
    for (const p of pipes) this.mask(p, p + 1);
    const bounds = [s, ...pipes.map((p) => p + 1)];
    const ends = [...pipes, e];
    // A leading pipe makes an empty first cell; a trailing pipe an empty last one.
    const cells: Span[] = [];
    for (let i = 0; i < bounds.length; i++) cells.push([bounds[i], ends[i]]);
    if (cells.length && !/\S/.test(text.slice(cells[0][0], cells[0][1]))) cells.shift();
    if (cells.length && !/\S/.test(text.slice(cells[cells.length - 1][0], cells[cells.length - 1][1]))) cells.pop();
    const rowId = ++this.rowId;
    const headers = this.table!.headers;
    cells.forEach(([a, b], col) => {
      this.maskInline(a, b);
      if (isHeader) {
        let t = '';
        for (let i = a; i < b; i++) t += String.fromCharCode(this.codes[i]);
        headers.push(t.replace(/\s+/g, ' ').trim());
        return;
      }
      this.addBlock({
        kind: 'cell',
        start: a,
        end: b,
        indent: -1,
        header: headers[col] || undefined,
        row: [s, e],
        rowId,
      });
    });
  }

  /**
   * Masks inline markup between s and e (one line). Code spans, links,
   * images and emphasis come from the syntax tree (inlineSyntax); the
   * character scan below does what CommonMark leaves as text but answers
   * use as markup or noise: citation markers, reference-style links without
   * a definition, HTML tags, entities, and unbalanced emphasis (a cut-off
   * "**Metformin").
   */
  private maskInline(s: number, e: number): void {
    const t = this.text;
    let i = Math.max(s, this.skipTo);
    this.skipTo = -1;
    const skip = this.inlineSyntax(i, e);
    const nextRb = { at: -1 };
    while (i < e) {
      const past = skip.get(i);
      if (past !== undefined) {
        i = past;
        continue;
      }
      const ch = t[i];
      let after = -1;
      if (ch === '\\' && i + 1 < e && isPunct(t[i + 1])) {
        this.mask(i, i + 1);
        after = i + 2;
      } else if (ch === '[') after = this.maskBracket(i, e, nextRb);
      else if (ch === '<' && /[A-Za-z/!]/.test(t[i + 1] ?? '')) {
        after = this.maskTag(i, e);
        if (after === e && this.raw) return;
      } else if (ch === '&') after = this.maskEntity(i, e);
      else if (ch === '*' || ch === '_' || ch === '~') after = this.maskDelimiterRun(i, s, e);
      i = after > i ? after : i + 1;
    }
  }

  /**
   * Code spans, links, images and emphasis on [s, e), from the syntax tree
   * (mdast-util-from-markdown, inline constructs only: the line scanner has
   * found the blocks). Masks their markup and returns the ranges the
   * character scan must step over, start → end: code spans (their content is
   * code, not markup), images, a link's "[" and its "](url)".
   */
  private inlineSyntax(s: number, e: number): Map<number, number> {
    const skip = new Map<number, number>();
    if (s >= e || !INLINE_SYNTAX_HINT.test(this.text.slice(s, e))) return skip;
    const tree = fromMarkdown(this.text.slice(s, e), { extensions: [INLINE_ONLY] });
    const at = (p: { offset?: number } | undefined) => s + (p?.offset ?? 0);
    const walk = (node: Nodes) => {
      const start = at(node.position?.start);
      const end = at(node.position?.end);
      if (node.type === 'inlineCode') {
        let run = 0;
        while (this.text[start + run] === '`') run++;
        this.mask(start, start + run);
        this.mask(end - run, end);
        skip.set(start, end);
        return;
      }
      if (node.type === 'image') {
        this.mask(start, end);
        skip.set(start, end);
        return;
      }
      if (node.type === 'link' || node.type === 'emphasis' || node.type === 'strong') {
        const kids = node.children;
        const inner: Span = kids.length ? [at(kids[0].position?.start), at(kids[kids.length - 1].position?.end)] : [end, end];
        // Emphasis only where the run rule agrees: "HLA-DPB1*0401 … *" is an allele name, not emphasis.
        const markup = node.type === 'link' || (this.isMarkupRun(start, s, e) && this.isMarkupRun(end - 1, s, e));
        if (markup) {
          this.mask(start, inner[0]);
          this.mask(inner[1], end);
        }
        if (node.type === 'link') {
          skip.set(start, inner[0]);
          if (end > inner[1]) skip.set(inner[1], end);
        }
      }
      if ('children' in node) for (const child of node.children) walk(child);
    };
    walk(tree);
    return skip;
  }

  /** Citation / footnote markers ("[1]", "[2, 3]", "[^1]") and reference-style links ("[text][ref]"). */
  private maskBracket(i: number, e: number, nextRb: { at: number }): number {
    const t = this.text;
    // The next "]" is found once per position reached, so a line of many
    // "[" stays linear.
    if (nextRb.at < i) {
      const k = t.indexOf(']', i + 1);
      nextRb.at = k < 0 || k >= e ? Infinity : k;
    }
    const rb = nextRb.at - i < 500 ? nextRb.at : -1;
    if (rb <= 0) return -1;
    const inner = t.slice(i + 1, rb);
    if (/^\^?\s*\d+(\s*[,\-–]\s*\d+)*\s*$|^\^\w+$/.test(inner)) {
      this.mask(i, rb + 1);
      return rb + 1;
    }
    if (t[rb + 1] === '[') {
      const rb2 = findBefore(t, ']', rb + 2, Math.min(e, rb + 200));
      if (rb2 > 0) {
        this.mask(i, i + 1);
        this.mask(rb, rb2 + 1);
        return i + 1;
      }
    }
    return -1;
  }

  /** An HTML tag at i: masked (block and raw elements are boundaries). Returns where to go on, or -1. */
  private maskTag(i: number, e: number): number {
    const t = this.text;
    TAG.lastIndex = i;
    const m = TAG.exec(t);
    const name = m?.[1]?.toLowerCase();
    if (m && name && RAW_ELEMENTS.has(name) && t[i + 1] !== '/' && !m[0].endsWith('/>')) {
      // <script>…</script>: the content is no text; the element is a boundary.
      this.boundary(i);
      const close = this.rawClose(name, i + m[0].length, e);
      if (!close) {
        this.mask(i, e);
        this.raw = name;
        return e;
      }
      this.mask(i, close[1]);
      this.boundary(close[0]);
      return close[1];
    }
    if (m && i + m[0].length <= e && (name === undefined || INLINE_TAGS.has(name) || BOUNDARY_TAGS.has(name) || RAW_ELEMENTS.has(name))) {
      this.mask(i, i + m[0].length);
      if (name !== undefined && (BOUNDARY_TAGS.has(name) || RAW_ELEMENTS.has(name))) this.boundary(i);
      return i + m[0].length;
    }
    return -1;
  }

  /** "&quot;" → '"' + spaces: same length, and its ";" no longer looks like a clause break. */
  private maskEntity(i: number, e: number): number {
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(this.text);
    if (!m || i + m[0].length > e) return -1;
    const rep = ENTITIES[m[1]?.toLowerCase() ?? ''] ?? (m[2] ? String.fromCodePoint(Number(m[2])) : ' ');
    const code = rep.length === 1 ? rep.charCodeAt(0) : SPACE;
    this.codes[i] = code === NL ? SPACE : code;
    this.mask(i + 1, i + m[0].length);
    return i + m[0].length;
  }

  /** A run of "*", "_" or "~" that the tree left as text: masked when it is markup (isMarkupRun). Returns the run's end. */
  private maskDelimiterRun(i: number, s: number, e: number): number {
    let k = i;
    while (k < e && this.text[k] === this.text[i]) k++;
    if (this.isMarkupRun(i, s, e)) this.mask(i, k);
    return k;
  }

  /**
   * Whether the run of "*", "_" or "~" around position p (within [s, e)) is
   * markup: not when it stands between spaces, between digits ("5 * 3",
   * "HLA-DPB1*0401"), inside a word for "_" (snake_case), or is a lone "~"
   * ("~5 mg").
   */
  private isMarkupRun(p: number, s: number, e: number): boolean {
    const t = this.text;
    const ch = t[p];
    let i = p;
    while (i > s && t[i - 1] === ch) i--;
    let k = p;
    while (k < e && t[k] === ch) k++;
    const before = i > s ? t[i - 1] : ' ';
    const after = k < e ? t[k] : ' ';
    const sb = /\s/.test(before);
    const sa = /\s/.test(after);
    if (ch === '~') return k - i >= 2 && !(sb && sa);
    if (ch === '_') return !(sb && sa) && !(/[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after));
    return !(sb && sa) && !(/\d/.test(before) && /\d/.test(after));
  }

  /**
   * A sentence boundary at a masked tag starting at `i`: two newlines (a tag
   * is at least three characters), which sentence segmentation always breaks at.
   */
  private boundary(i: number): void {
    if (i + 1 >= this.to) return;
    this.codes[i] = NL;
    this.codes[i + 1] = NL;
  }

  /** The closing tag of a raw element in [from, to), as [start, end], or null. */
  private rawClose(name: string, from: number, to: number): Span | null {
    const m = new RegExp(`</${name}\\s*>`, 'i').exec(this.text.slice(from, to));
    return m ? [from + m.index, from + m.index + m[0].length] : null;
  }
}
