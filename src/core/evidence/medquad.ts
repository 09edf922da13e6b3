// MedQuAD importer: one XML file per source document, several question /
// answer pairs in each. Every pair with an answer becomes one document of
// chunks; pairs with empty answers (folders 10–12, removed by the publishers)
// or with nothing but boilerplate or a question are counted in
// `skippedEmpty`.
//
// Three layouts occur in the real archive: <Document id source url> (almost
// all files), <DiseaseFile fid source url> (one CDC file) and a lower-case
// <doc docid corpus url> / <qaPairs> / <pair> / <question> / <answer> form
// (four NINDS files). All three are read.
//
// The archive lost its non-ASCII characters and many apostrophes; answers,
// questions and focus are repaired where that is certain (repair.ts), and
// chunk offsets index into the repaired answer.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import type { Chunk, ImportResult } from '../types.ts';
import { MalformedFileError } from '../errors.ts';
import { chunkDocument, normalizeWhitespace, type ChunkOptions } from './chunk.ts';
import { DocIds, emptyResult, fileStem, mergeResult } from './util.ts';
import { repairMedQuADText } from './repair.ts';

/** Readable site names for MedQuAD's `source` attribute. */
export const MEDQUAD_SOURCES: Readonly<Record<string, string>> = {
  CancerGov: 'cancer.gov',
  GARD: 'rarediseases.info.nih.gov',
  GHR: 'ghr.nlm.nih.gov',
  MPlusHealthTopics: 'medlineplus.gov',
  NIDDK: 'niddk.nih.gov',
  NINDS: 'ninds.nih.gov',
  NIHSeniorHealth: 'nihseniorhealth.gov',
  NHLBI: 'nhlbi.nih.gov',
  CDC: 'cdc.gov',
  ADAM: 'medlineplus.gov (A.D.A.M.)',
  MPlusDrugs: 'medlineplus.gov (drugs)',
  MPlusHerbsSupplements: 'medlineplus.gov (herbs and supplements)',
};

/**
 * Site boilerplate left out of the chunks: the paragraph GARD repeats in
 * 2,243 answers about its symptom tables, and cancer.gov's pointers to its
 * trial search. Whole sentences only; the medical text around them stays.
 */
export const MEDQUAD_BOILERPLATE: readonly RegExp[] = [
  /^The Human Phenotype Ontology provides the following list of signs and symptoms for .*\.$/,
  /^The Human Phenotype Ontology \(HPO\) has collected information on how often a sign or symptom occurs in a condition\.$/,
  /^If the information is available, the table below includes how often the symptom is seen in people with this condition\.$/,
  /^You can use the MedlinePlus Medical Dictionary to look up the definitions for these medical terms\.$/,
  /^Much of this information comes from Orphanet, a European rare disease database\.$/,
  /^The frequency of a sign or symptom is usually listed as a rough estimate of the percentage of patients who have that feature\.$/,
  /^The frequency may also be listed as a fraction\.$/,
  /^The first number of the fraction is how many people had the symptom, and the second number is the total number of people who were examined in one study\.$/,
  /^For example, a frequency of 25\/25 means that in a study of 25 people all patients were found to have that symptom\.$/,
  /^Because these frequencies are based on a specific study, the fractions may be different if another group of patients are examined\.$/,
  /^Sometimes, no information on frequency is available\.$/,
  /^In these cases, the sign or symptom may be rare or common\.$/,
  /^For more specific results, refine the search by using other search features, such as the location of the trial, the type of treatment, or the name of the drug\.$/,
  /^See the Treatment Options section that follows for links to current treatment clinical trials\.$/,
  /^These have been retrieved from NCI's listing of clinical trials\.$/,
];

/**
 * Sentences of an answer that are not evidence: the boilerplate above, and
 * questions (GARD and others use them as section headings, "What causes
 * Bell's palsy?"; the pair's own question is kept in `question`/`title`).
 */
export function isMedQuADBoilerplate(sentence: string): boolean {
  return /\?\s*$/.test(sentence) || MEDQUAD_BOILERPLATE.some((re) => re.test(sentence));
}

const ROOTS = ['Document', 'DiseaseFile', 'doc'] as const;
const ARRAY_TAGS = new Set(['QAPair', 'pair']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Keep the answer text as written; the chunker collapses white space and
  // its offsets index into this text.
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (tagName: string) => ARRAY_TAGS.has(tagName),
});

type Node = Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** First present child among the names. */
function child(node: Node, ...names: string[]): unknown {
  for (const n of names) if (node[n] !== undefined) return node[n];
  return undefined;
}

/** Text content of an element: a string, or the text parts of a mixed element. */
function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(textOf).join(' ');
  if (isNode(v)) {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) if (!k.startsWith('@_')) parts.push(textOf(x));
    return parts.join(' ');
  }
  return '';
}

function attr(node: Node, ...names: string[]): string {
  for (const n of names) {
    const v = node[`@_${n}`];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return '';
}

/** "What is (are) X ?" → "What is (are) X?"; "…X? ?" → "…X?". */
export function tidyQuestion(q: string): string {
  return normalizeWhitespace(q).replace(/\s*\?(\s*\?)*\s*$/, '?').replace(/\s+([?,.;:])/g, '$1');
}

function issue(file: string, message: string): ImportResult {
  return { ...emptyResult(), issues: [{ file, message }] };
}

/**
 * Imports one MedQuAD XML file. Never throws for a malformed file: the
 * problem is returned in `issues` with the file name.
 *
 * Document ids are `${source}/${qid}` ("GARD/0000004-1"); where the file name
 * differs from the document id (a few cancer.gov files reuse one id), the
 * file stem is put in between so ids stay unique across the archive.
 */
export function importMedQuADXml(xml: string, file: string, corpusId: string, opts?: ChunkOptions): ImportResult {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const e = valid.err;
    return issue(file, `Malformed XML at line ${e.line}, column ${e.col}: ${e.msg}`);
  }
  let tree: Node;
  try {
    tree = parser.parse(xml) as Node;
  } catch (err) {
    return issue(file, `Malformed XML: ${(err as Error).message}`);
  }
  const rootName = ROOTS.find((r) => isNode(tree[r]));
  if (!rootName) {
    const found = Object.keys(tree).filter((k) => !k.startsWith('?') && k !== '#text');
    return issue(file, `Not a MedQuAD document: expected a <Document> root element, found ${found.length ? found.map((f) => `<${f}>`).join(', ') : 'none'}.`);
  }
  const root = tree[rootName] as Node;
  const docId = attr(root, 'id', 'fid', 'docid') || fileStem(file);
  const sourceCode = attr(root, 'source', 'corpus') || 'MedQuAD';
  const source = MEDQUAD_SOURCES[sourceCode] ?? sourceCode;
  const url = attr(root, 'url') || undefined;
  // The characters the archive lost are put back where that is certain ("Sjgren" → "Sjögren", "bodys" → "body's").
  const focus = repairMedQuADText(normalizeWhitespace(textOf(child(root, 'Focus', 'doctitle-focus')))) || undefined;
  const container = child(root, 'QAPairs', 'qaPairs');
  const pairs = isNode(container) ? child(container, 'QAPair', 'pair') : undefined;
  if (container === undefined) {
    return issue(file, 'No question/answer pairs found (expected <QAPairs><QAPair>…).');
  }
  // A few real documents have an empty <QAPairs/>: nothing to import, no problem.
  if (!Array.isArray(pairs)) return emptyResult();
  const stem = fileStem(file);
  const prefix = stem === docId ? sourceCode : `${sourceCode}/${stem}`;
  const result = emptyResult();
  const ids = new DocIds();
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!isNode(pair)) {
      result.skippedEmpty++;
      continue;
    }
    const q = child(pair, 'Question', 'question');
    const qNode = isNode(q) ? q : {};
    const questionText = tidyQuestion(repairMedQuADText(isNode(q) ? textOf(q['#text']) : textOf(q)));
    const qid = attr(qNode, 'qid') || `${docId}-${attr(pair, 'pid') || i + 1}`;
    const answer = repairMedQuADText(textOf(child(pair, 'Answer', 'answer')));
    const [doc, renamed] = ids.claim(`${prefix}/${qid}`);
    if (renamed) result.issues.push({ file, message: `Question id ${qid} appears twice; the second is kept as ${doc}.` });
    const chunks: Chunk[] = chunkDocument(
      answer,
      {
        idPrefix: doc,
        corpus: corpusId,
        doc,
        title: questionText || focus || docId,
        source,
        ...(url ? { url } : {}),
        ...(focus ? { focus } : {}),
        ...(questionText ? { question: questionText } : {}),
      },
      { dropSentence: isMedQuADBoilerplate, ...opts },
    );
    if (chunks.length === 0) {
      // Empty, or nothing but boilerplate and questions (17 GARD answers
      // are just a question, "Is Williams syndrome inherited?").
      result.skippedEmpty++;
      continue;
    }
    result.documents++;
    for (const c of chunks) result.chunks.push(c);
  }
  return result;
}

export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Imports MedQuAD XML files (from a zip or a folder), in name order so that
 * the chunk order, and so the corpus version, do not depend on how the
 * archive was packed. Problems stay per file.
 */
export function importMedQuADEntries(
  entries: ArchiveEntry[],
  corpusId: string,
  onProgress?: (done: number, total: number) => void,
  opts?: ChunkOptions,
): ImportResult {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result = emptyResult();
  const every = Math.max(1, Math.floor(sorted.length / 200));
  for (let i = 0; i < sorted.length; i++) {
    const { name, bytes } = sorted[i];
    let xml: string;
    try {
      xml = utf8.decode(bytes);
    } catch {
      result.issues.push({ file: name, message: 'Not UTF-8 text; the file was skipped.' });
      continue;
    }
    mergeResult(result, importMedQuADXml(xml, name, corpusId, opts));
    if (onProgress && ((i + 1) % every === 0 || i + 1 === sorted.length)) onProgress(i + 1, sorted.length);
  }
  return result;
}

/** True for the XML files of the archive (not macOS resource forks). */
export function isMedQuADXmlName(name: string): boolean {
  return /\.xml$/i.test(name) && !/(^|\/)__MACOSX\//.test(name) && !/(^|\/)\._/.test(name);
}

/**
 * Imports the MedQuAD archive (the GitHub zip of abachaa/MedQuAD, or any zip
 * of MedQuAD XML files in folders). Throws MalformedFileError when the bytes
 * are not a zip or hold no XML file at all.
 */
export function importMedQuADZip(
  bytes: Uint8Array,
  corpusId: string,
  onProgress?: (done: number, total: number) => void,
  opts?: ChunkOptions,
): ImportResult {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => isMedQuADXmlName(f.name) });
  } catch (err) {
    throw new MalformedFileError(`The file is not a readable ZIP archive (${(err as Error).message}).`, { cause: err });
  }
  const entries = Object.entries(files).map(([name, b]) => ({ name, bytes: b }));
  if (entries.length === 0) {
    throw new MalformedFileError('The ZIP archive holds no XML files; expected MedQuAD XML files in folders.');
  }
  return importMedQuADEntries(entries, corpusId, onProgress, opts);
}
