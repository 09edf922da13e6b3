import { beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { strToU8, zipSync } from 'fflate';
import type { ImportResult } from '../../../src/core/types.ts';
import { MalformedFileError } from '../../../src/core/errors.ts';
import { importMedQuADXml, importMedQuADZip } from '../../../src/core/evidence/medquad.ts';
import { repairMedQuADText } from '../../../src/core/evidence/repair.ts';
import { expectHonestChunks } from './helpers.ts';
import { hasMedQuAD, medquadFiles, medquadZip, NO_SHARED } from './shared.ts';

if (!hasMedQuAD) console.warn(NO_SHARED);

const utf8 = new TextDecoder();

describe.skipIf(!hasMedQuAD)('importMedQuADZip on the real MedQuAD archive', () => {
  let result: ImportResult;
  let progress: Array<[number, number]>;
  let xml: Record<string, string>;

  beforeAll(() => {
    progress = [];
    result = importMedQuADZip(medquadZip(), 'medquad', (done, total) => progress.push([done, total]));
    xml = Object.fromEntries(Object.entries(medquadFiles((n) => n.endsWith('.xml'))).map(([n, b]) => [n, utf8.decode(b)]));
  }, 120_000);

  it('counts every QA pair: 47,457 (47,441 <QAPair> + 16 <pair>), 16,423 with answers, 17 of them only a question', () => {
    // Count independently of the importer, straight from the XML text.
    let pairs = 0;
    let answered = 0;
    let onlyAQuestion = 0;
    for (const text of Object.values(xml)) {
      pairs += (text.match(/<(?:QAPair|pair)[\s>]/g) ?? []).length;
      for (const m of text.matchAll(/<(Answer|answer)>([\s\S]*?)<\/\1>/g)) {
        if (m[2].trim()) answered++;
        // GARD answers such as "Is Williams syndrome inherited?": no answer text.
        if (/^[^?.!]+\?$/.test(m[2].trim())) onlyAQuestion++;
      }
    }
    expect(Object.keys(xml)).toHaveLength(11_274);
    expect(pairs).toBe(47_457);
    expect(answered).toBe(16_423);
    expect(onlyAQuestion).toBe(17);
    expect(result.documents + result.skippedEmpty).toBe(pairs);
    expect(result.documents).toBe(answered - onlyAQuestion);
    expect(result.skippedEmpty).toBe(31_034 + 17);
    // The data's README counts only the <QAPair> layout: 47,441 pairs, 16,407 answered.
    const documentLayout = Object.values(xml).filter((t) => !/<doc\s/.test(t));
    expect(documentLayout.reduce((n, t) => n + (t.match(/<QAPair[\s>]/g) ?? []).length, 0)).toBe(47_441);
    expect(result.issues).toEqual([]);
    expect(progress.at(-1)).toEqual([11_274, 11_274]);
  });

  it('skips the three folders whose answers were removed, and names sites readably', () => {
    const sources = new Set(result.chunks.map((c) => c.source));
    expect([...sources].sort()).toEqual([
      'cancer.gov',
      'cdc.gov',
      'ghr.nlm.nih.gov',
      'medlineplus.gov',
      'nhlbi.nih.gov',
      'niddk.nih.gov',
      'nihseniorhealth.gov',
      'ninds.nih.gov',
      'rarediseases.info.nih.gov',
    ]);
    const removed = Object.entries(xml).filter(([n]) => /\/1[012]_/.test(n));
    const removedPairs = removed.reduce((n, [, t]) => n + (t.match(/<QAPair[\s>]/g) ?? []).length, 0);
    expect(removedPairs).toBe(17_348 + 12_889 + 792);
    expect(result.chunks.some((c) => /^(ADAM|MPlusDrugs|MPlusHerbsSupplements)\//.test(c.doc))).toBe(false);
  });

  it('gives every chunk a unique stable id and the document fields', () => {
    const ids = new Set(result.chunks.map((c) => c.id));
    expect(ids.size).toBe(result.chunks.length);
    const docs = new Set(result.chunks.map((c) => c.doc));
    expect(docs.size).toBe(result.documents);
    // (Collected, then asserted once: 67k expect() calls are slow.)
    const bad = result.chunks.filter((c) => !c.id.startsWith(`${c.doc}#`) || c.corpus !== 'medquad' || !/^https?:\/\//.test(c.url ?? '') || !c.title);
    expect(bad).toEqual([]);
    const gard = result.chunks.filter((c) => c.doc === 'GARD/0000004-1');
    expect(gard[0]).toMatchObject({
      id: 'GARD/0000004-1#0',
      source: 'rarediseases.info.nih.gov',
      focus: 'ABCD syndrome',
      question: 'What are the symptoms of ABCD syndrome?',
      title: 'What are the symptoms of ABCD syndrome?',
      url: 'https://rarediseases.info.nih.gov/gard/335/abcd-syndrome',
    });
    // cancer.gov files that reuse one document id get the file name in theirs.
    expect(docs.has('CancerGov/0000013_2-1')).toBe(true);
    expect(docs.has('CancerGov/0000013_2_1/0000013_2-1')).toBe(true);
  });

  it('leaves out the site boilerplate but keeps the symptom tables around it', () => {
    const hpoInXml = Object.values(xml).reduce((n, t) => n + (t.match(/Much of this information comes from Orphanet/g) ?? []).length, 0);
    expect(hpoInXml).toBeGreaterThan(2000);
    const texts = result.chunks.map((c) => c.text);
    expect(texts.filter((t) => t.includes('Much of this information comes from Orphanet'))).toEqual([]);
    expect(texts.filter((t) => t.includes('refine the search by using other search features'))).toEqual([]);
    const abcd = result.chunks.filter((c) => c.doc === 'GARD/0000004-1').map((c) => c.text).join(' ');
    // Questions used as headings inside answers are not evidence either.
    expect(abcd).not.toContain('What are the signs and symptoms of ABCD syndrome?');
    expect(result.chunks.filter((c) => c.sentences.some(([, e]) => c.text[e - 1] === '?'))).toEqual([]);
    expect(abcd).toContain('Aganglionic megacolon');
    expect(abcd).not.toContain('The Human Phenotype Ontology provides the following list');
  });

  it('keeps chunks within the limits', () => {
    const bad = result.chunks.filter(
      (c) => c.sentences.length < 1 || c.sentences.length > 4 || c.text.length > (c.sentences.length > 1 ? 600 : 1200),
    );
    expect(bad).toEqual([]);
    // Most chunks are full-sized passages, not fragments.
    const short = result.chunks.filter((c) => c.text.length < 40).length;
    expect(short / result.chunks.length).toBeLessThan(0.01);
  });

  it('keeps offsets honest against the answers as parsed from the XML (with the lost characters put back)', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', trimValues: false, parseTagValue: false, isArray: (t) => t === 'QAPair' });
    const byDoc = new Map<string, typeof result.chunks>();
    for (const c of result.chunks) {
      const list = byDoc.get(c.doc) ?? [];
      list.push(c);
      byDoc.set(c.doc, list);
    }
    let checked = 0;
    for (const name of ['MedQuAD-master/1_CancerGov_QA/0000001_1.xml', 'MedQuAD-master/2_GARD_QA/0000004.xml', 'MedQuAD-master/5_NIDDK_QA/0000001.xml', 'MedQuAD-master/8_NHLBI_QA_XML/0000001.xml', 'MedQuAD-master/9_CDC_QA/0000001.xml']) {
      const tree = parser.parse(xml[name]);
      const source = tree.Document['@_source'];
      for (const pair of tree.Document.QAPairs.QAPair) {
        const qid = pair.Question['@_qid'];
        const chunks = byDoc.get(`${source}/${qid}`);
        if (!pair.Answer.trim()) continue;
        expect(chunks, `${source}/${qid}`).toBeDefined();
        expectHonestChunks(repairMedQuADText(pair.Answer), chunks!);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe.skipIf(!hasMedQuAD)('importMedQuADXml and malformed files', () => {
  let real: Record<string, string>;
  beforeAll(() => {
    const files = medquadFiles((n) => /\/(2_GARD_QA\/0000004|6_NINDS_QA\/0000018|9_CDC_QA\/0000397|10_MPlus_ADAM_QA\/0000001)\.xml$/.test(n));
    real = Object.fromEntries(Object.entries(files).map(([n, b]) => [n.split('/').slice(1).join('/'), utf8.decode(b)]));
  });

  it('reads the <doc> and <DiseaseFile> layouts of the real archive', () => {
    const doc = importMedQuADXml(real['6_NINDS_QA/0000018.xml'], '6_NINDS_QA/0000018.xml', 'm');
    expect(doc.documents).toBe(4);
    expect(doc.chunks[0]).toMatchObject({ doc: 'NINDS/0000018-1', source: 'ninds.nih.gov', focus: 'ALS' });
    const cdc = importMedQuADXml(real['9_CDC_QA/0000397.xml'], '9_CDC_QA/0000397.xml', 'm');
    expect(cdc.documents + cdc.skippedEmpty).toBe(5);
    expect(cdc.chunks[0].source).toBe('cdc.gov');
    const adam = importMedQuADXml(real['10_MPlus_ADAM_QA/0000001.xml'], '10_MPlus_ADAM_QA/0000001.xml', 'm');
    expect(adam.documents).toBe(0);
    expect(adam.skippedEmpty).toBeGreaterThan(0);
    expect(adam.issues).toEqual([]);
  });

  it('reports a truncated file, a wrong root and bad bytes per file while the other files import', () => {
    const good = real['2_GARD_QA/0000004.xml'];
    const archive = zipSync({
      'MedQuAD-master/2_GARD_QA/0000004.xml': strToU8(good),
      'MedQuAD-master/6_NINDS_QA/0000018.xml': strToU8(real['6_NINDS_QA/0000018.xml']),
      'MedQuAD-master/2_GARD_QA/truncated.xml': strToU8(good.slice(0, Math.floor(good.length / 2))),
      'MedQuAD-master/2_GARD_QA/wrong-root.xml': strToU8('<?xml version="1.0"?><html><body>Not MedQuAD</body></html>'),
      'MedQuAD-master/2_GARD_QA/latin1.xml': new Uint8Array([0x3c, 0x61, 0x3e, 0xe9, 0xe8, 0x3c, 0x2f, 0x61, 0x3e]),
      'MedQuAD-master/readme.txt': strToU8('not xml, ignored'),
    });
    const r = importMedQuADZip(archive, 'm');
    const expected = importMedQuADXml(good, 'x', 'm').documents + 4;
    expect(r.documents).toBe(expected);
    expect(r.issues.map((i) => i.file).sort()).toEqual([
      'MedQuAD-master/2_GARD_QA/latin1.xml',
      'MedQuAD-master/2_GARD_QA/truncated.xml',
      'MedQuAD-master/2_GARD_QA/wrong-root.xml',
    ]);
    const byFile = Object.fromEntries(r.issues.map((i) => [i.file.split('/').pop(), i.message]));
    expect(byFile['truncated.xml']).toMatch(/Malformed XML at line \d+/);
    expect(byFile['wrong-root.xml']).toMatch(/expected a <Document> root element, found <html>/);
    expect(byFile['latin1.xml']).toMatch(/UTF-8/);
  });

  it('throws MalformedFileError for bytes that are not a zip, or a zip without XML', () => {
    expect(() => importMedQuADZip(strToU8('PK\u0003\u0004 but not really a zip file at all'), 'm')).toThrow(MalformedFileError);
    expect(() => importMedQuADZip(zipSync({ 'a/readme.txt': strToU8('hi') }), 'm')).toThrow(/holds no XML files/);
  });
});

describe('importMedQuADXml on small inputs', () => {
  it('reports a file without <QAPairs> and accepts an empty one', () => {
    expect(importMedQuADXml('<Document id="1" source="GARD"><Focus>x</Focus></Document>', 'a.xml', 'm').issues[0].message).toMatch(/No question\/answer pairs/);
    const empty = importMedQuADXml('<Document id="1" source="NIDDK"><QAPairs>\n</QAPairs></Document>', 'b.xml', 'm');
    expect(empty).toEqual({ chunks: [], documents: 0, skippedEmpty: 0, issues: [] });
  });

  it('decodes entities and renames a repeated question id instead of losing it', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document id="7" source="CDC" url="https://www.cdc.gov/x">
<Focus>Lyme &amp; Co</Focus>
<QAPairs>
<QAPair pid="1"><Question qid="7-1" qtype="information">What is Lyme ?</Question><Answer>It&apos;s a &quot;tick-borne&quot; disease.</Answer></QAPair>
<QAPair pid="2"><Question qid="7-1" qtype="information">What is Lyme? ?</Question><Answer>Ticks spread it.</Answer></QAPair>
<QAPair pid="3"><Question qid="7-3">Empty?</Question><Answer>   </Answer></QAPair>
</QAPairs></Document>`;
    const r = importMedQuADXml(xml, 'MedQuAD-master/9_CDC_QA/7.xml', 'm');
    expect(r.documents).toBe(2);
    expect(r.skippedEmpty).toBe(1);
    expect(r.chunks.map((c) => [c.id, c.text, c.title, c.focus])).toEqual([
      ['CDC/7-1#0', 'It\'s a "tick-borne" disease.', 'What is Lyme?', 'Lyme & Co'],
      ['CDC/7-1~2#0', 'Ticks spread it.', 'What is Lyme?', 'Lyme & Co'],
    ]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].message).toMatch(/appears twice/);
  });
});
