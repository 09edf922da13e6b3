// Trains the feature verifier's logistic regression on the training splits in
// ../shared/data/eval and writes src/core/verify/weights.json.
//   npm run train:verifier
// Training: Check-COVID train, HealthVer dev (the topics not held out),
// COVID-Fact, SciFact-RTE train. Held out for `npm run eval`: Check-COVID dev,
// the held-out third of HealthVer dev topics, SciFact-RTE dev.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Verdict } from '../src/core/types.ts';
import { VERDICTS } from '../src/core/types.ts';
import { PassageRetriever } from '../src/core/retrieval/passages.ts';
import { BM25Index } from '../src/core/retrieval/bm25.ts';
import { toCandidates } from '../src/core/check.ts';
import { FEATURE_NAMES, claimFeatures } from '../src/core/verify/features.ts';
import { train, predictProba, type Example, type LogisticModel } from '../src/core/verify/logistic.ts';
import { computeMetrics, formatMetrics } from '../src/core/eval/metrics.ts';
import {
  loadCheckCovid,
  loadCovidFact,
  loadHealthVer,
  loadSciFactRte,
  negateClaim,
  type EvalRecord,
} from './eval-data.ts';

const K = 5;

async function featuresFor(claim: string, passages: string[]): Promise<number[]> {
  const retriever = new PassageRetriever(passages);
  const scored = await retriever.search(claim, K);
  const { candidates } = toCandidates(claim, scored, retriever.idf?.bind(retriever));
  return claimFeatures(claim, candidates).features;
}


function labelIndex(label: EvalRecord['label']): number | number[] {
  if (label === 'not_supported') return [VERDICTS.indexOf('contradicted'), VERDICTS.indexOf('unverifiable')];
  return VERDICTS.indexOf(label);
}

/** Evidence from another group that shares words with the claim: looks relevant, decides nothing. */
function hardNegatives(records: EvalRecord[]): Map<string, string[]> {
  const passages: { id: string; text: string; group: string }[] = [];
  records.forEach((r, i) => r.evidence?.forEach((t, j) => passages.push({ id: `${i}:${j}`, text: t, group: r.group })));
  const index = BM25Index.build(passages.map((p) => ({ id: p.id, text: p.text })));
  const byId = new Map(passages.map((p) => [p.id, p]));
  const out = new Map<string, string[]>();
  for (const r of records) {
    const hit = index.search(r.claim, 20).map((h) => byId.get(h.id)!).find((p) => p.group !== r.group);
    if (hit) out.set(r.id, [hit.text]);
  }
  return out;
}

async function examplesFor(records: EvalRecord[], weight: number, augment: boolean): Promise<Example[]> {
  const out: Example[] = [];
  const negatives = augment ? hardNegatives(records) : new Map<string, string[]>();
  for (const r of records) {
    const ev = r.evidence ?? [];
    out.push({ x: await featuresFor(r.claim, ev), y: labelIndex(r.label), weight });
    if (!augment) continue;
    const neg = negatives.get(r.id);
    if (neg) out.push({ x: await featuresFor(r.claim, neg), y: VERDICTS.indexOf('unverifiable'), weight: weight * 0.5 });
    if (r.label === 'supported') {
      const negated = negateClaim(r.claim);
      if (negated) out.push({ x: await featuresFor(negated, ev), y: VERDICTS.indexOf('contradicted'), weight: weight * 0.3 });
    }
  }
  return out;
}

function decide(model: LogisticModel, x: number[]): Verdict {
  const p = predictProba(model, x);
  return model.classes[p.indexOf(Math.max(...p))];
}

/** Coordinate search of per-class log-odds offsets that maximise macro-F1 on `examples`. */
function tuneOffsets(model: LogisticModel, examples: Example[]): number[] {
  const single = examples.filter((e) => typeof e.y === 'number');
  const gold = single.map((e) => model.classes[e.y as number]);
  let offsets = [0, 0, 0];
  const score = (o: number[]) => {
    const m = { ...model, classOffsets: o };
    return computeMetrics(gold, single.map((e) => decide(m, e.x))).macro_f1;
  };
  let best = score(offsets);
  for (let round = 0; round < 3; round++) {
    for (let c = 0; c < 3; c++) {
      for (let d = -1.5; d <= 1.5; d += 0.1) {
        const o = [...offsets];
        o[c] = Math.round(d * 10) / 10;
        const s = score(o);
        if (s > best + 1e-9) {
          best = s;
          offsets = o;
        }
      }
    }
  }
  return offsets;
}

async function evaluate(model: LogisticModel, name: string, records: EvalRecord[]) {
  const ex = await examplesFor(records, 1, false);
  const single = ex.map((e, i) => ({ e, r: records[i] })).filter((x) => typeof x.e.y === 'number');
  const gold = single.map((x) => x.r.label as Verdict);
  const pred = single.map((x) => decide(model, x.e.x));
  console.log(formatMetrics(name, computeMetrics(gold, pred)));
}

async function main() {
  const t0 = performance.now();
  const sets = {
    'check-covid-train': { records: loadCheckCovid('train'), weight: 1 },
    'healthver-dev-train': { records: loadHealthVer('train'), weight: 1 },
    covidfact: { records: loadCovidFact(), weight: 0.4 },
    'scifact-rte-train': { records: loadSciFactRte('train'), weight: 1 },
  };
  const examples: Example[] = [];
  const trainedOn: Record<string, number> = {};
  for (const [name, s] of Object.entries(sets)) {
    const ex = await examplesFor(s.records, s.weight, true);
    examples.push(...ex);
    trainedOn[name] = s.records.length;
    console.log(`features: ${name} ${s.records.length} records → ${ex.length} examples`);
  }
  const model = train(examples, [...FEATURE_NAMES], { epochs: 600, learningRate: 0.05, l2: 1e-3, balance: true });
  model.classOffsets = tuneOffsets(model, examples);
  model.trainedOn = trainedOn;
  model.createdAt = new Date().toISOString().slice(0, 10);
  console.log(`trained on ${examples.length} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s; class offsets ${model.classOffsets.join(', ')}`);
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  const out = {
    ...model,
    mean: model.mean.map(round),
    std: model.std.map(round),
    weights: model.weights.map((w) => w.map(round)),
    bias: model.bias.map(round),
  };
  const path = resolve(import.meta.dirname, '../src/core/verify/weights.json');
  writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
  console.log(`wrote ${path}`);
  await evaluate(out, 'check-covid dev (oracle evidence)', loadCheckCovid('dev'));
  await evaluate(out, 'healthver dev held-out topics (oracle evidence)', loadHealthVer('heldout'));
  console.log('weights:');
  FEATURE_NAMES.forEach((f, j) => console.log(`  ${f.padEnd(26)} ${out.weights.map((w) => w[j].toFixed(2).padStart(7)).join(' ')}`));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
