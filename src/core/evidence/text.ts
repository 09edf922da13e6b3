// Plain text and Markdown importer: one document per file, paragraphs cut
// into chunks. Markdown markup is blanked out with spaces rather than
// removed, so the stripped text has the same length as the file and chunk
// offsets index into the file's own text.
import type { ImportResult } from '../types.ts';
import { chunkDocument, normalizeWhitespace, type ChunkOptions } from './chunk.ts';
import { baseName, emptyResult, fileStem } from './util.ts';

const FRONT_MATTER = /^---[^\S\n]*\n[\s\S]*?\n---[^\S\n]*(?=\n|$)/;

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/**
 * Markdown → plain text of the SAME length: markup characters become spaces
 * (line breaks stay), "*" and "+" list bullets become "-". Headings, lists,
 * emphasis, inline code, links and images (their text is kept), HTML tags and
 * comments, tables, block quotes, rules and YAML front matter are handled.
 */
export function stripMarkdown(md: string): string {
  let s = md;
  // YAML front matter.
  s = s.replace(FRONT_MATTER, blank);
  // HTML comments and fence lines (the code itself is kept as text).
  s = s.replace(/<!--[\s\S]*?-->/g, blank);
  s = s.replace(/^[^\S\n]*(```|~~~).*$/gm, blank);
  // Reference-style link definitions: "[1]: https://…".
  s = s.replace(/^[^\S\n]{0,3}\[[^\]\n]+\]:[^\S\n]+\S.*$/gm, blank);
  // Images and links: keep the visible text.
  s = s.replace(/!?\[([^\]\n]*)\]\(([^)\n]*)\)/g, (m, label: string) => {
    const lead = m.startsWith('!') ? 2 : 1;
    return ' '.repeat(lead) + label + ' '.repeat(m.length - lead - label.length);
  });
  s = s.replace(/\[([^\]\n]+)\]\[[^\]\n]*\]/g, (m, label: string) => ' ' + label + ' '.repeat(m.length - 1 - label.length));
  // Autolinks <https://…>: keep the address.
  s = s.replace(/<((?:https?|mailto):[^>\s]+)>/g, (_m, url: string) => ' ' + url + ' ');
  // HTML tags.
  s = s.replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, blank);
  // Setext heading underlines and horizontal rules.
  s = s.replace(/^[^\S\n]*(?:=+|-{3,}|\*{3,}|_{3,}|(?:[-*_][^\S\n]*){3,})[^\S\n]*$/gm, blank);
  // ATX headings: "## Title ##".
  s = s.replace(/^([^\S\n]{0,3})(#{1,6})(?=[^\S\n]|$)(.*?)(#*)[^\S\n]*$/gm, (_m, lead: string, hashes: string, body: string, tail: string) =>
    lead + ' '.repeat(hashes.length) + body + ' '.repeat(tail.length),
  );
  // Block quotes.
  s = s.replace(/^(?:[^\S\n]*>)+/gm, blank);
  // Bullets "* item" / "+ item" → "- item" (the chunker splits list items).
  s = s.replace(/^([^\S\n]*)[*+](?=[^\S\n]+\S)/gm, '$1-');
  // Tables: pipes and separator rows.
  s = s.replace(/^[^\S\n]*\|?(?:[^\S\n]*:?-{3,}:?[^\S\n]*\|)+[^\S\n]*(?::?-{3,}:?)?[^\S\n]*$/gm, blank);
  s = s.replace(/^([^\S\n]*\|.*\|[^\S\n]*)$/gm, (line: string) => line.replace(/\|/g, ' '));
  // Emphasis and strike-through, in pairs on one line.
  s = s.replace(/(\*\*|__|~~)(?=\S)([^\n]*?\S)\1/g, (_m, mark: string, body: string) => ' '.repeat(mark.length) + body + ' '.repeat(mark.length));
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, (_m, pre: string, body: string) => pre + ' ' + body + ' ');
  s = s.replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, (_m, pre: string, body: string) => pre + ' ' + body + ' ');
  // Inline code.
  s = s.replace(/(`+)([^`\n]*?)\1/g, (_m, ticks: string, body: string) => ' '.repeat(ticks.length) + body + ' '.repeat(ticks.length));
  // Backslash escapes.
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, ' $1');
  return s;
}

/** The text of the first Markdown heading (ATX "# Title" or setext), if any. */
export function firstHeading(md: string): string | undefined {
  md = md.replace(FRONT_MATTER, blank);
  const atx = /^[^\S\n]{0,3}#{1,6}[^\S\n]+(.+?)[^\S\n]*#*[^\S\n]*$/m.exec(md);
  const setext = /^([^\n]*\S[^\n]*)\n[^\S\n]*(?:=+|-+)[^\S\n]*$/m.exec(md);
  const pick = atx && (!setext || atx.index <= setext.index) ? atx : setext;
  if (!pick) return undefined;
  const title = normalizeWhitespace(stripMarkdown(pick[1]));
  return title || undefined;
}

/**
 * Imports a plain text or Markdown file as one document. Title: the first
 * heading, else the file name without its extension. `offset`s index into
 * the file's text.
 */
export function importText(text: string, file: string, corpusId: string, opts?: ChunkOptions): ImportResult {
  const result = emptyResult();
  const name = baseName(file);
  const plain = stripMarkdown(text);
  const chunks = chunkDocument(
    plain,
    { idPrefix: name, corpus: corpusId, doc: name, title: firstHeading(text) ?? fileStem(file), source: name },
    opts,
  );
  if (chunks.length === 0) result.skippedEmpty = 1;
  else {
    result.documents = 1;
    result.chunks = chunks;
  }
  return result;
}
