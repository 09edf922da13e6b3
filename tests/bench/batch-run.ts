// `npx tsx tests/bench/batch-run.ts [answers]`: a batch run of 1,000 answers
// (about 5 claims each, sentences of the built MedQuAD pack, half of them
// altered) with the offline verifier, in Node on fake IndexedDB, through the
// same CheckerService + BatchService the checker worker runs. Prints the
// total time, answers/s and claims/s, and the IndexedDB writes of the run.
// The browser benchmark (Chromium, longest main-thread task) belongs to the
// Batch view (batch-ui).
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CheckerService } from '../../src/app/checker-service.ts';
import { ClaimLensDB } from '../../src/db.ts';
import { createFeatureVerifier } from '../../src/core/verify/feature-verifier.ts';
import { packSentenceAnswers } from './batch-answers.ts';

const root = resolve(import.meta.dirname, '../..');
const n = Number(process.argv[2] ?? 1000);
const evidence = join(root, 'public/evidence');
const fetchFn = (async (input: string | URL | Request) => {
  const url = new URL(String(input instanceof Request ? input.url : input));
  const bytes = readFileSync(join(root, 'public', url.pathname));
  return new Response(bytes, { headers: { 'content-length': String(bytes.length) } });
}) as typeof fetch;

// Answers: five short sentences of the pack's passages each; every other one altered (a negation).
const rows = packSentenceAnswers(join(evidence, 'medquad.pack.json.gz'), n);

const db = new ClaimLensDB(`bench-batch-${Date.now()}`);
let writes = 0;
const bulkPut = db.batchAnswers.bulkPut.bind(db.batchAnswers);
db.batchAnswers.bulkPut = ((...a: Parameters<typeof bulkPut>) => {
  writes++;
  return bulkPut(...a);
}) as typeof bulkPut;
const checker = new CheckerService({ db, verifier: createFeatureVerifier(), baseUrl: 'http://bench.local/', fetch: fetchFn, saveDelayMs: 0 });
let t = performance.now();
await checker.init();
await checker.whenSaved();
console.log(`pack loaded and stored in ${((performance.now() - t) / 1000).toFixed(1)} s`);

let events = 0;
checker.onEvent((e) => {
  if (e.type === 'batch') events++;
});
t = performance.now();
const cpu0 = process.cpuUsage();
const run = await checker.createBatch({ name: 'bench', source: 'file', settings: { verifier: 'offline', corpora: [], checkReasoning: false }, rows });
const created = performance.now() - t;
await checker.batch.idle();
const total = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const [done] = await checker.listBatches();
console.log(
  `${n} answers, ${done.counts.claims} claims (${(done.counts.claims / n).toFixed(1)} per answer; ${done.counts.supported} supported, ${done.counts.contradicted} contradicted, ${done.counts.unverifiable} unverifiable), state ${done.state}`,
);
console.log(
  `run: ${total.toFixed(1)} s total (storing the run ${(created / 1000).toFixed(2)} s), ${(n / total).toFixed(1)} answers/s, ${(done.counts.claims / total).toFixed(0)} claims/s; ${writes} answer writes (bulkPut), ${events} progress events; run id ${run.id}`,
);
// On a shared machine the wall time counts other processes too; the CPU time is what the run itself used.
console.log(`CPU time of the run: ${cpuS.toFixed(1)} s (${(n / cpuS).toFixed(1)} answers per CPU-second); load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
db.close();
