// Builds src/core/verify/idf-table.json: document frequencies of terms over
// medical text available offline (MedQuAD answers when the archive is there,
// the Check-COVID abstracts, PubMedQA contexts, the training evidence),
// hashed into 65,536 one-byte buckets. Run by `npm run train:verifier` first.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { terms } from '../src/core/text/tokenize.ts';
import { IDF_BUCKETS, IDF_SCALE, termBucket } from '../src/core/verify/idf.ts';
import { SHARED_EVAL, loadCheckCovidCorpus, loadCovidFact, loadHealthVer, loadSciFactRte } from './eval-data.ts';

const SHARED = resolve(SHARED_EVAL, '..');

export async function collectDocuments(): Promise<string[]> {
  const docs: string[] = [];
  for (const d of loadCheckCovidCorpus().values()) docs.push([d.title, ...d.abstract].join(' '));
  const pubmedqa = resolve(SHARED, 'pubmedqa/ori_pqal.json');
  if (existsSync(pubmedqa)) {
    for (const o of Object.values(JSON.parse(readFileSync(pubmedqa, 'utf8'))) as { CONTEXTS: string[]; LONG_ANSWER: string }[]) {
      docs.push([...o.CONTEXTS, o.LONG_ANSWER].join(' '));
    }
  }
  const seen = new Set<string>();
  for (const r of [...loadHealthVer('train'), ...loadCovidFact(), ...loadSciFactRte('train')]) {
    for (const e of r.evidence ?? []) {
      if (!seen.has(e)) {
        seen.add(e);
        docs.push(e);
      }
    }
  }
  const zip = resolve(SHARED, 'medquad/MedQuAD-master.zip');
  if (existsSync(zip)) {
    const { importMedQuADZip } = await import('../src/core/evidence/index.ts');
    const byDoc = new Map<string, string[]>();
    for (const c of importMedQuADZip(new Uint8Array(readFileSync(zip)), 'medquad').chunks) {
      const list = byDoc.get(c.doc) ?? [];
      list.push(c.text);
      byDoc.set(c.doc, list);
    }
    for (const texts of byDoc.values()) docs.push(texts.join(' '));
  }
  return docs;
}

export async function buildIdfTable() {
  const docs = await collectDocuments();
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(terms(d))) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = (dfv: number) => Math.log(1 + (n - dfv + 0.5) / (dfv + 0.5));
  // Colliding terms keep the more common term's (smaller) idf.
  const buckets = new Float64Array(IDF_BUCKETS).fill(Infinity);
  for (const [t, v] of df) {
    const b = termBucket(t);
    buckets[b] = Math.min(buckets[b], idf(v));
  }
  const bytes = new Uint8Array(IDF_BUCKETS);
  for (let i = 0; i < IDF_BUCKETS; i++) {
    if (buckets[i] !== Infinity) bytes[i] = Math.max(1, Math.min(255, Math.round(buckets[i] * IDF_SCALE)));
  }
  const unseen = Math.round(idf(0.5) * 100) / 100;
  const data = Buffer.from(bytes).toString('base64');
  const path = resolve(import.meta.dirname, '../src/core/verify/idf-table.json');
  writeFileSync(path, JSON.stringify({ documents: n, unseen, data }) + '\n');
  console.log(`idf table: ${n} documents, ${df.size} terms, ${IDF_BUCKETS} buckets → ${path}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildIdfTable();
