// `npm run bench` (not a test): time to build the MedQuAD pack and its index,
// p50/p95 latency of checking a 10-claim answer in Node, and memory.
// Goals: a 10-claim check under 300 ms on the 2-core machine (issue 2), under 50 ms p95 in Node (issue 8).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from "node:path";
import { cpus } from 'node:os';
import { importMedQuADZip, corpusFromImport, encodePack } from '../../src/core/evidence/index.ts';
import { BM25Retriever, MemoryChunkStore, buildChunkIndex } from '../../src/core/retrieval/index.ts';
import { checkAnswer } from '../../src/core/pipeline.ts';
import { splitClaims } from '../../src/core/claims/index.ts';
import { createFeatureVerifier } from '../../src/core/verify/feature-verifier.ts';

const ZIP = resolve(import.meta.dirname, '../../../shared/data/medquad/MedQuAD-master.zip');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

export const TEN_CLAIM_ANSWER = `Glaucoma is a group of diseases that damage the optic nerve. It is a leading cause of blindness.
Open-angle glaucoma is the most common form of the disease. People over 60 are at higher risk of glaucoma.
Type 2 diabetes is the most common form of diabetes. In type 2 diabetes, the body does not use insulin properly.
High blood pressure raises the risk of stroke. Asthma is a chronic disease of the airways.
Hookworm larvae can infect people through the skin. Regular deworming of pets reduces contamination with hookworm eggs.`;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main() {
  if (!existsSync(ZIP)) {
    console.error(`MedQuAD archive not found at ${ZIP}`);
    process.exit(1);
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const rss0 = process.memoryUsage().rss;
  const bytes = new Uint8Array(readFileSync(ZIP));
  let t = performance.now();
  const imported = importMedQuADZip(bytes, 'medquad');
  const { meta, chunks } = corpusFromImport(imported, { id: 'medquad', name: 'MedQuAD', license: 'CC BY 4.0' });
  const importMs = performance.now() - t;
  t = performance.now();
  const packBytes = encodePack({ format: 'claimlens-pack', formatVersion: 1, meta, chunks }).byteLength;
  const encodeMs = performance.now() - t;
  t = performance.now();
  const index = buildChunkIndex(chunks);
  const indexMs = performance.now() - t;
  const ser = index.serialize();
  const indexBytes = ser.docLen.byteLength + ser.offsets.byteLength + ser.docs.byteLength + ser.tfs.byteLength;
  console.log(`pack:  ${imported.documents} QA pairs read, ${chunks.length} chunks, import ${ms(importMs)}, gzip encode ${ms(encodeMs)}, pack ${mb(packBytes)}`);
  console.log(`index: BM25 over ${index.size} chunks, ${index.vocabularySize} terms, built in ${ms(indexMs)}, postings ${mb(indexBytes)}`);

  const deps = {
    retriever: new BM25Retriever(index, new MemoryChunkStore(chunks), 'medquad'),
    verifier: createFeatureVerifier(),
    corpora: { medquad: meta.version },
  };
  const claims = splitClaims(TEN_CLAIM_ANSWER);
  console.log(`answer: ${claims.length} claims`);
  if (claims.length !== 10) throw new Error(`the benchmark answer should have 10 claims, it has ${claims.length}`);
  for (let i = 0; i < 5; i++) await checkAnswer(TEN_CLAIM_ANSWER, deps); // warm-up
  const times: number[] = [];
  const runs = 100;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await checkAnswer(TEN_CLAIM_ANSWER, deps);
    times.push(performance.now() - t0);
  }
  const mem = process.memoryUsage();
  console.log(`check (no cache, ${runs} runs): p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  max ${ms(Math.max(...times))}`);
  console.log(`memory: rss ${mb(mem.rss)} (+${mb(mem.rss - rss0)} since start), heap used ${mb(mem.heapUsed)}`);
  const p95 = percentile(times, 95);
  console.log(`goal: 10-claim check under 50 ms p95 → ${p95 < 50 ? "met" : "NOT met"} (p95 ${ms(p95)})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
