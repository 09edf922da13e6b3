import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { BinaryFileError, EmptyCorpusError, MalformedFileError } from '../../../src/core/errors.ts';
import { normalizeWhitespace } from '../../../src/core/evidence/chunk.ts';
import { importCheckCovidCorpus } from '../../../src/core/evidence/checkcovid.ts';
import { corpusFromImport } from '../../../src/core/evidence/corpus.ts';
import { importFile } from '../../../src/core/evidence/import.ts';
import { importJsonl } from '../../../src/core/evidence/jsonl.ts';
import { firstHeading, importText, stripMarkdown } from '../../../src/core/evidence/text.ts';
import { expectHonestChunks } from './helpers.ts';
import { CHECK_COVID_CORPUS, hasCheckCovid, hasMedQuAD, medquadFiles, NO_SHARED } from './shared.ts';

if (!hasCheckCovid || !hasMedQuAD) console.warn(NO_SHARED);

describe('importJsonl', () => {
  const jsonl = [
    '{"id": "a1", "title": "Aspirin", "text": "Aspirin lowers the risk of a second heart attack. It can cause stomach bleeding.", "url": "https://example.org/aspirin"}',
    '{"id": "a2", "title": "Broken", "text": "missing the end',
    '',
    '[1, 2, 3]',
    '{"id": "a3", "title": "No text"}',
    '{"id": "a4", "title": "Empty", "text": "   "}',
    '{"id": "a1", "title": "Same id again", "text": "Statins lower LDL cholesterol."}',
    '{"title": "No id", "text": "Vitamin D is made in the skin in sunlight.", "source": "NHS"}',
    '',
  ].join('\n');

  it('keeps good lines and reports bad ones with their line numbers', () => {
    const r = importJsonl(jsonl, 'notes.jsonl', 'c');
    expect(r.documents).toBe(3);
    expect(r.skippedEmpty).toBe(1);
    expect(r.issues.map((i) => i.message.replace(/\(.*\)/, '(…)'))).toEqual([
      'line 2: not valid JSON (…).',
      'line 4: expected object, got a list.',
      'line 5: text: missing.',
      'line 7: id "a1" was already used; kept as "a1~2".',
    ]);
    expect(r.issues.every((i) => i.file === 'notes.jsonl')).toBe(true);
    expect(r.chunks.map((c) => [c.id, c.title, c.source, c.url])).toEqual([
      ['a1#0', 'Aspirin', 'notes.jsonl', 'https://example.org/aspirin'],
      ['a1~2#0', 'Same id again', 'notes.jsonl', undefined],
      ['notes:8#0', 'No id', 'NHS', undefined],
    ]);
    expect(r.chunks[0].sentences).toHaveLength(2);
  });

  it('goes through importFile for .jsonl and .ndjson', () => {
    const r = importFile('notes.ndjson', strToU8(jsonl), 'c');
    expect(r.documents).toBe(3);
    expect(() => importFile('bad.jsonl', strToU8('not json\n{also not'), 'c')).toThrow(MalformedFileError);
    expect(() => importFile('bad.jsonl', strToU8('not json\n{also not'), 'c')).toThrow(/line 1: not valid JSON.*line 2/);
  });
});

describe.skipIf(!hasCheckCovid)('importCheckCovidCorpus on the real Check-COVID corpus.json', () => {
  const text = hasCheckCovid ? readFileSync(CHECK_COVID_CORPUS, 'utf8') : '';
  const records = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { cord_id: string; title: string; abstract: string[] });

  it('imports all 347 abstracts, sentences kept whole and in order', () => {
    const r = importCheckCovidCorpus(text, 'corpus.json', 'covid');
    expect(records).toHaveLength(347);
    expect(r.documents + r.skippedEmpty).toBe(347);
    expect(r.issues).toEqual([]);
    const empty = records.filter((rec) => rec.abstract.every((s) => !s.trim())).length;
    expect(r.skippedEmpty).toBe(empty);
    const byDoc = new Map<string, string[]>();
    for (const c of r.chunks) {
      expect(c.source).toBe('CORD-19');
      expect(c.sentences.length).toBeLessThanOrEqual(4);
      byDoc.set(c.doc, [...(byDoc.get(c.doc) ?? []), ...c.sentences.map(([s, e]) => c.text.slice(s, e))]);
    }
    for (const rec of records) {
      const want = rec.abstract.map((s) => normalizeWhitespace(s)).filter(Boolean);
      if (want.length === 0) continue;
      expect(byDoc.get(rec.cord_id)).toEqual(want);
      const chunks = r.chunks.filter((c) => c.doc === rec.cord_id);
      expect(chunks[0].title).toBe(normalizeWhitespace(rec.title));
      expectHonestChunks(rec.abstract.join(' '), chunks);
    }
  });

  it('reads the same corpus given as a JSON array, and via importFile', () => {
    const asLines = importCheckCovidCorpus(text, 'corpus.json', 'covid');
    const asArray = importCheckCovidCorpus(JSON.stringify(records), 'corpus.json', 'covid');
    expect(asArray.chunks).toEqual(asLines.chunks);
    const viaFile = importFile('corpus.json', new Uint8Array(readFileSync(CHECK_COVID_CORPUS)), 'covid');
    expect(viaFile.chunks).toEqual(asLines.chunks);
  });

  it('reports a broken line and keeps the others', () => {
    const lines = text.split('\n').filter((l) => l.trim());
    const deep = JSON.parse(lines[3]);
    deep.abstract[2] = 42;
    const damaged = [lines[0], lines[1].slice(0, 50), '{"cord_id": "x", "abstract": "not a list"}', lines[2], JSON.stringify(deep)].join('\n');
    const r = importCheckCovidCorpus(damaged, 'corpus.json', 'covid');
    expect(r.documents).toBe(2);
    expect(r.issues.map((i) => i.message.slice(0, 7))).toEqual(['line 2:', 'line 3:', 'line 5:']);
    expect(r.issues[1].message).toBe('line 3: abstract: expected list, got "not a list".');
    expect(r.issues[2].message).toBe('line 5: abstract[2]: expected string, got 42.');
  });
});

describe('importText and Markdown', () => {
  const md = [
    '---',
    'title: front matter is not the title',
    '---',
    '# Aspirin and **heart** health',
    '',
    'Aspirin **reduces** the risk of a [second heart attack](https://example.org/mi "MI") in adults who already had one.',
    'It is *not* advised for everyone: it raises the risk of `bleeding`.',
    '',
    '## Who should not take it',
    '',
    '* People with a bleeding disorder.',
    '+ People allergic to NSAIDs.',
    '',
    '| Dose | Use |',
    '|------|-----|',
    '| 75 mg | prevention |',
    '',
    '> Ask your doctor <b>before</b> starting.',
  ].join('\n');

  it('strips markup without moving any character', () => {
    const plain = stripMarkdown(md);
    expect(plain).toHaveLength(md.length);
    expect(plain.split('\n')).toHaveLength(md.split('\n').length);
    expect(plain).not.toMatch(/\*\*|\]\(|`|<b>|\|/);
    expect(normalizeWhitespace(plain)).toContain('Aspirin reduces the risk of a second heart attack in adults who already had one.');
  });

  it('titles the document by its first heading and chunks its paragraphs', () => {
    expect(firstHeading(md)).toBe('Aspirin and heart health');
    const r = importText(md, 'notes/aspirin.md', 'c');
    expect(r.documents).toBe(1);
    expect(r.chunks.every((c) => c.title === 'Aspirin and heart health' && c.source === 'aspirin.md' && c.doc === 'aspirin.md')).toBe(true);
    const sentences = r.chunks.flatMap((c) => c.sentences.map(([s, e]) => c.text.slice(s, e)));
    expect(sentences).toContain('Aspirin reduces the risk of a second heart attack in adults who already had one.');
    expect(sentences).toContain('It is not advised for everyone: it raises the risk of bleeding .');
    expect(sentences).toContain('People with a bleeding disorder.');
    expect(sentences).toContain('People allergic to NSAIDs.');
    expect(sentences.some((s) => s.includes('front matter'))).toBe(false);
    // Offsets index into the file (its markup blanked out).
    expectHonestChunks(stripMarkdown(md), r.chunks);
  });

  it('uses the file name for a text file without a heading, and counts an empty file', () => {
    const r = importText('Plain notes about ibuprofen. It is an NSAID.\n\nTake it with food.', 'ibuprofen.txt', 'c');
    expect(r.chunks[0].title).toBe('ibuprofen');
    expect(importText('  \n\n ', 'empty.txt', 'c')).toEqual({ chunks: [], documents: 0, skippedEmpty: 1, issues: [] });
  });
});

describe('importFile', () => {
  it('refuses binary files with BinaryFileError', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(() => importFile('picture.txt', png, 'c')).toThrow(BinaryFileError);
    expect(() => importFile('picture.txt', png, 'c')).toThrow(/picture\.txt looks like a binary file/);
    // No NUL byte, but not UTF-8 (Latin-1 accents).
    expect(() => importFile('latin1.md', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0xe0]), 'c')).toThrow(BinaryFileError);
  });

  it('refuses unsupported or unparseable files with MalformedFileError', () => {
    expect(() => importFile('table.csv', strToU8('a,b\n1,2\n'), 'c')).toThrow(/\.csv files are not supported/);
    expect(() => importFile('x.json', strToU8('[{"id": 1, "text": "ok"'), 'c')).toThrow(MalformedFileError);
    expect(() => importFile('x.json', strToU8('{"nothing": "useful"}'), 'c')).toThrow(/record 1: text: missing/);
    expect(() => importFile('x.xml', strToU8('<Document id="1"><QAPairs>'), 'c')).toThrow(/x\.xml: Malformed XML/);
    expect(() => importFile('x.zip', strToU8('not a zip'), 'c')).toThrow(/not a readable ZIP archive/);
  });

  it('imports JSON arrays and single objects of records', () => {
    const arr = importFile('docs.json', strToU8(JSON.stringify([{ id: 'd1', title: 'One', text: 'First document text here.' }, { id: 'd2', text: 'Second.' }])), 'c');
    expect(arr.chunks.map((c) => c.id)).toEqual(['d1#0', 'd2#0']);
    const one = importFile('doc.json', strToU8(JSON.stringify({ id: 'solo', text: 'Only one.' })), 'c');
    expect(one.chunks.map((c) => c.id)).toEqual(['solo#0']);
  });

  it('sniffs content when the extension is unknown', () => {
    const r = importFile('records.data', strToU8('[{"id": "z", "text": "Sniffed as JSON."}]'), 'c');
    expect(r.chunks[0].text).toBe('Sniffed as JSON.');
  });

  it('turns an empty file into an empty corpus error, not a crash', () => {
    const r = importFile('empty.md', new Uint8Array(0), 'c');
    expect(r).toMatchObject({ documents: 0, skippedEmpty: 1, chunks: [] });
    expect(() => corpusFromImport(r, { id: 'c', name: 'Mine', license: 'private' })).toThrow(EmptyCorpusError);
    expect(() => corpusFromImport(r, { id: 'c', name: 'Mine', license: 'private' })).toThrow(/1 empty document/);
  });

  it.skipIf(!hasMedQuAD)('imports a real MedQuAD XML file and a zip of real files', () => {
    const files = medquadFiles((n) => /\/(3_GHR_QA\/0000001|7_SeniorHealth_QA\/0000001)\.xml$/.test(n));
    const [ghrName, ghr] = Object.entries(files).find(([n]) => n.includes('GHR'))!;
    const single = importFile('0000001.xml', ghr, 'm');
    expect(single.documents).toBeGreaterThan(3);
    expect(single.chunks[0].source).toBe('ghr.nlm.nih.gov');
    const progress: number[] = [];
    const zipped = importFile('mine.zip', zipSync(files), 'm', { onProgress: (done) => progress.push(done) });
    expect(zipped.documents).toBe(single.documents + importFile('s.xml', files[Object.keys(files).find((n) => n !== ghrName)!], 'm').documents);
    expect(progress.at(-1)).toBe(2);
  });
});
