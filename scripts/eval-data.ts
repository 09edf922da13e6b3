// Readers for the evaluation datasets in ../shared/data/eval, converted to
// ClaimLens's eval form: {id, claim, evidence?, label, group?}.
// Node only (fs). The data never enters the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Verdict } from '../src/core/types.ts';

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

function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

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
  for (const o of jsonLines(need(join(root, 'check-covid/corpus.json'))) as {
    cord_id: string;
    title: string;
    abstract: string[];
  }[]) {
    map.set(o.cord_id, { title: o.title, abstract: o.abstract });
  }
  return map;
}

/** Check-COVID claims; evidence = the rationale sentences of the cited abstract. */
export function loadCheckCovid(split: 'train' | 'dev', root = SHARED_EVAL): EvalRecord[] {
  const corpus = loadCheckCovidCorpus(root);
  const file = join(root, `check-covid/${split}/covidCheck_${split}_composed+extracted.json`);
  return (
    jsonLines(need(file)) as {
      id: string;
      claim: string;
      cord_id: string;
      label: string;
      evidence_set: { sent_index: number }[];
    }[]
  ).map((o) => {
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
  for (const o of jsonLines(need(file)) as { id: string; cord_id: string }[]) m.set(`checkcovid-${split}-${o.id}`, o.cord_id);
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
  return (
    jsonLines(need(join(root, 'covidfact/COVIDFACT_dataset.jsonl'))) as {
      claim: string;
      label: string;
      evidence: string[];
      gold_source: string;
    }[]
  ).map((o, i) => ({
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
