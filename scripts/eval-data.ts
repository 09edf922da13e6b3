// Readers for the evaluation datasets in ../shared/data/eval, converted to
// ClaimLens's eval form: {id, claim, evidence?, label, group?}.
// Node only (fs). The data never enters the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as v from 'valibot';
import type { Verdict } from '../src/core/types.ts';
import { checkWith, parseWith } from '../src/core/validate.ts';
import { jsonLines as jsonLinesOf } from '../src/core/evidence/jsonl.ts';

export const SHARED_EVAL = resolve(import.meta.dirname, '../../shared/data/eval');

/** `label` may be a partial label: SciFact-RTE's not_entailment means "not supported". */
export type EvalLabel = Verdict | 'not_supported';

export interface EvalRecord {
  id: string;
  claim: string;
  evidence?: string[];
  label: EvalLabel;
  /** Topic / source document; hard negatives never come from the same group. */
  group: string;
  dataset: string;
}

function need(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`Missing evaluation data: ${path}. It comes from ../shared/data/eval (see its README).`);
  }
  return readFileSync(path, 'utf8');
}

/** The records of a JSONL file, each checked against `schema`; the first bad line stops it, named by file, line and JSON path. */
export function jsonLines<S extends v.GenericSchema>(path: string, schema: S): v.InferOutput<S>[] {
  const out: v.InferOutput<S>[] = [];
  for (const l of jsonLinesOf(need(path))) {
    if (l.error !== undefined) throw new Error(`${path} line ${l.line} is not valid JSON (${l.error}).`);
    const r = checkWith(schema, l.value);
    if (!r.ok) throw new Error(`${path} line ${l.line} is not in the expected form: ${r.message}.`);
    out.push(r.value);
  }
  return out;
}

const CheckCovidAbstract = v.object({ cord_id: v.string(), title: v.string(), abstract: v.array(v.string()) });
const CheckCovidClaim = v.object({
  id: v.union([v.string(), v.number()]),
  claim: v.string(),
  cord_id: v.string(),
  label: v.picklist(['SUPPORT', 'REFUTE', 'NOTENOUGHINFO']),
  evidence_set: v.array(v.object({ sent_index: v.number() })),
});
const CovidFactClaim = v.object({
  claim: v.string(),
  label: v.picklist(['SUPPORTED', 'REFUTED']),
  evidence: v.array(v.string()),
  gold_source: v.string(),
});
const PubMedQA = v.record(v.string(), v.object({ LONG_ANSWER: v.string() }));

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, newlines in quotes). */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function table(text: string, delimiter = ','): Record<string, string>[] {
  const [head, ...rows] = parseCsv(text, delimiter);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

const CC_LABEL: Record<string, Verdict> = { SUPPORT: 'supported', REFUTE: 'contradicted', NOTENOUGHINFO: 'unverifiable' };

export function loadCheckCovidCorpus(root = SHARED_EVAL): Map<string, { title: string; abstract: string[] }> {
  const map = new Map<string, { title: string; abstract: string[] }>();
  for (const o of jsonLines(join(root, 'check-covid/corpus.json'), CheckCovidAbstract)) {
    map.set(o.cord_id, { title: o.title, abstract: o.abstract });
  }
  return map;
}

/** Check-COVID claims; evidence = the rationale sentences of the cited abstract. */
export function loadCheckCovid(split: 'train' | 'dev', root = SHARED_EVAL): EvalRecord[] {
  const corpus = loadCheckCovidCorpus(root);
  const file = join(root, `check-covid/${split}/covidCheck_${split}_composed+extracted.json`);
  return jsonLines(file, CheckCovidClaim).map((o) => {
    const doc = corpus.get(o.cord_id);
    const idx = [...new Set(o.evidence_set.map((e) => e.sent_index))].sort((a, b) => a - b);
    const evidence = doc ? idx.map((i) => doc.abstract[i]).filter((s): s is string => !!s) : [];
    return {
      id: `checkcovid-${split}-${o.id}`,
      claim: o.claim.trim(),
      evidence,
      label: CC_LABEL[o.label],
      group: `cc:${o.cord_id}`,
      dataset: `check-covid-${split}`,
    };
  });
}

/** Gold abstract ids for the Check-COVID claims (retrieval evaluation). */
export function checkCovidGold(split: 'train' | 'dev', root = SHARED_EVAL): Map<string, string> {
  const file = join(root, `check-covid/${split}/covidCheck_${split}_composed+extracted.json`);
  const m = new Map<string, string>();
  for (const o of jsonLines(file, CheckCovidClaim)) m.set(`checkcovid-${split}-${o.id}`, o.cord_id);
  return m;
}

const HV_LABEL: Record<string, Verdict> = { Supports: 'supported', Refutes: 'contradicted', Neutral: 'unverifiable' };

/** A deterministic split of HealthVer dev by topic, so no topic is in both halves. */
export function healthverHalf(topic: string): 'train' | 'heldout' {
  let h = 2166136261;
  for (let i = 0; i < topic.length; i++) h = Math.imul(h ^ topic.charCodeAt(i), 16777619) >>> 0;
  return h % 3 === 0 ? 'heldout' : 'train';
}

export function loadHealthVer(part: 'train' | 'heldout' | 'all', root = SHARED_EVAL): EvalRecord[] {
  return table(need(join(root, 'healthver/healthver_dev.csv')))
    .filter((r) => r.claim && HV_LABEL[r.label])
    .filter((r) => part === 'all' || healthverHalf(r.topic_ip) === part)
    .map((r) => ({
      id: `healthver-${r.id}`,
      claim: r.claim.trim(),
      evidence: [r.evidence],
      label: HV_LABEL[r.label],
      group: `hv:${r.topic_ip}`,
      dataset: part === 'all' ? 'healthver-dev' : `healthver-dev-${part}`,
    }));
}

export function loadCovidFact(root = SHARED_EVAL): EvalRecord[] {
  return jsonLines(join(root, 'covidfact/COVIDFACT_dataset.jsonl'), CovidFactClaim).map((o, i) => ({
    id: `covidfact-${i}`,
    claim: o.claim.trim(),
    evidence: o.evidence,
    label: o.label === 'SUPPORTED' ? 'supported' : 'contradicted',
    group: `cf:${o.gold_source}`,
    dataset: 'covidfact',
  }));
}

export function loadSciFactRte(split: 'train' | 'dev', root = SHARED_EVAL): EvalRecord[] {
  return table(need(join(root, `scifact-rte/${split}.tsv`)), '\t').map((r) => ({
    id: `scifact-${split}-${r.index}`,
    claim: r.sentence2.trim(),
    evidence: [r.sentence1],
    label: r.entailment === 'entailment' ? 'supported' : 'not_supported',
    group: `sf:${r.sentence1.slice(0, 40)}`,
    dataset: `scifact-rte-${split}`,
  }));
}

/** "X is Y" → "X is not Y": a contradiction made from a supported claim. */
export function negateClaim(claim: string): string | undefined {
  const m = /\b(is|are|was|were|can|could|does|do|did|will|may|might|should|has|have|had)\b/i.exec(claim);
  if (!m) return undefined;
  if (/\b(not|no|never)\b/i.test(claim)) return undefined;
  const at = m.index + m[0].length;
  return `${claim.slice(0, at)} not${claim.slice(at)}`;
}

/** "affects 5 percent" → "affects 15 percent" (numbers that are not years). */
export function changeNumber(sentence: string, rnd: () => number): string | undefined {
  const m = /\b(\d{1,3}(?:\.\d+)?)\b(?!\s*(?:BC|AD))/.exec(sentence);
  if (!m) return undefined;
  const v = Number(m[1]);
  const next = v < 10 ? v + 2 + Math.floor(rnd() * 5) : Math.round(v * (2 + rnd()));
  return sentence.slice(0, m.index) + String(next) + sentence.slice(m.index + m[1].length);
}

const FLIPS: [RegExp, string][] = [
  [/\bincreases\b/, 'decreases'], [/\bdecreases\b/, 'increases'], [/\bincreased\b/, 'decreased'], [/\bdecreased\b/, 'increased'],
  [/\bhigher\b/, 'lower'], [/\blower\b/, 'higher'], [/\bmore\b/, 'less'], [/\bless\b/, 'more'], [/\bcommon\b/, 'rare'],
  [/\brare\b/, 'common'], [/\bbenign\b/, 'malignant'], [/\bmalignant\b/, 'benign'], [/\bacute\b/, 'chronic'],
  [/\bchronic\b/, 'acute'], [/\bdominant\b/, 'recessive'], [/\brecessive\b/, 'dominant'], [/\bbefore\b/, 'after'],
];

/** "more common in women" → "less common in women". */
export function swapAntonym(sentence: string): string | undefined {
  for (const [re, to] of FLIPS) if (re.test(sentence)) return sentence.replace(re, to);
  return undefined;
}

function seededRandom(seed: number): () => number {
  let s = seed;
  return () => ((s = Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 4294967296;
}

/**
 * A synthetic check of the app's own path (retrieval from the MedQuAD pack):
 * sentences taken verbatim from MedQuAD answers (supported), the same
 * sentences negated (contradicted), and PubMedQA research conclusions that
 * MedQuAD's consumer-health pages do not cover (unverifiable).
 */
export function medquadSynthetic(
  chunks: { text: string; sentences: [number, number][] }[],
  n = 100,
  root = SHARED_EVAL,
): EvalRecord[] {
  const rnd = seededRandom(20261123);
  const out: EvalRecord[] = [];
  const seen = new Set<string>();
  for (let tries = 0; out.length < 2 * n && tries < 50 * n; tries++) {
    const c = chunks[Math.floor(rnd() * chunks.length)];
    const [s, e] = c.sentences[Math.floor(rnd() * c.sentences.length)] ?? [0, 0];
    const sentence = c.text.slice(s, e).trim();
    const words = sentence.split(/\s+/).length;
    if (words < 6 || words > 30 || seen.has(sentence) || !/[.]$/.test(sentence)) continue;
    // A contradiction of the kind models make: a changed number, a flipped
    // direction, or (otherwise) a negation.
    const altered = changeNumber(sentence, rnd) ?? swapAntonym(sentence) ?? negateClaim(sentence);
    if (!altered || altered === sentence) continue;
    seen.add(sentence);
    const id = `medquad-synth-${out.length / 2}`;
    out.push({ id: `${id}-s`, claim: sentence, label: 'supported', group: id, dataset: 'medquad-synthetic' });
    out.push({ id: `${id}-c`, claim: altered, label: 'contradicted', group: id, dataset: 'medquad-synthetic' });
  }
  const pqaPath = join(root, '../pubmedqa/ori_pqal.json');
  const pqa = parseWith(PubMedQA, JSON.parse(need(pqaPath)), pqaPath);
  const ids = Object.keys(pqa).sort();
  for (let i = 0; i < n && i < ids.length; i++) {
    const first = pqa[ids[Math.floor(rnd() * ids.length)]].LONG_ANSWER.split(/(?<=\.)\s+/)[0];
    out.push({ id: `medquad-synth-u${i}`, claim: first, label: 'unverifiable', group: `pqa${i}`, dataset: 'medquad-synthetic' });
  }
  return out;
}
