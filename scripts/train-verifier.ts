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
import { train, logits, softmax, type Example, type LogisticModel } from '../src/core/verify/logistic.ts';
import { decide } from '../src/core/verify/feature-verifier.ts';
import { nounClass } from '../src/core/verify/align.ts';
import { stem } from '../src/core/text/tokenize.ts';
import { computeMetrics, formatMetrics } from '../src/core/eval/metrics.ts';
import {
  loadCheckCovid,
  loadCovidFact,
  loadHealthVer,
  loadSciFactRte,
  negateClaim,
  swapAntonym,
  changeNumber,
  type EvalRecord,
} from './eval-data.ts';

const K = 5;

/** Words of each WordNet noun class that the claims use, for argument swaps. */
const byClass = new Map<string, string[]>();
function swapArgument(claim: string, seed: string): string | undefined {
  const words = claim.match(/[A-Za-z]{4,}/g) ?? [];
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  for (const w of words) {
    const cls = nounClass(stem(w.toLowerCase()));
    if (!cls || !['body', 'substance', 'state', 'animal', 'person', 'food'].includes(cls)) continue;
    const pool = byClass.get(cls) ?? [];
    if (pool.length < 20) {
      pool.push(w.toLowerCase());
      byClass.set(cls, pool);
      continue;
    }
    const other = pool[h % pool.length];
    if (stem(other) === stem(w.toLowerCase())) continue;
    pool[(h >>> 3) % pool.length] = w.toLowerCase();
    return claim.replace(new RegExp(`\\b${w}\\b`), other);
  }
  return undefined;
}

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
    const neg = process.env.HN === '0' ? undefined : negatives.get(r.id);
    if (neg) out.push({ x: await featuresFor(r.claim, neg), y: VERDICTS.indexOf('unverifiable'), weight: weight * 0.5 });
    if (r.label === 'supported') {
      const negated = negateClaim(r.claim);
      if (negated) out.push({ x: await featuresFor(negated, ev), y: VERDICTS.indexOf('contradicted'), weight: weight * Number(process.env.AW ?? 0.3) });
      // The errors models make: an opposite word, or another argument of the same kind.
      const swapped = changeNumber(r.claim, () => 0.5) ?? swapAntonym(r.claim) ?? swapArgument(r.claim, r.id);
      if (swapped) out.push({ x: await featuresFor(swapped, ev), y: VERDICTS.indexOf('contradicted'), weight: weight * Number(process.env.AW ?? 0.3) });
    }
  }
  return out;
}

/** Calibrated probabilities of a model for a feature vector (temperature applied). */
function proba(model: LogisticModel, x: number[], temperature: number): Record<Verdict, number> {
  const z = logits({ ...model, classOffsets: undefined }, x).map((v) => v / temperature);
  const p = softmax(z);
  return Object.fromEntries(model.classes.map((c, i) => [c, p[i]])) as Record<Verdict, number>;
}

interface Scored {
  gold: Verdict;
  p: Record<Verdict, number>;
  hasEvidence: boolean;
}

function verdictsOf(items: Scored[], thresholds: { supported: number; contradicted: number }): Verdict[] {
  return items.map((s) => decide(s.p, thresholds, s.hasEvidence).verdict);
}

/** Macro-F1 and the mean precision of the shown supported/contradicted verdicts. */
function quality(items: Scored[], thresholds: { supported: number; contradicted: number }) {
  const m = computeMetrics(items.map((s) => s.gold), verdictsOf(items, thresholds));
  const shown = (['supported', 'contradicted'] as const).filter((l) => VERDICTS.some((g) => m.confusion[g][l]));
  const precision = shown.length ? shown.reduce((a, l) => a + m.per_label[l].precision, 0) / 2 : 0;
  return { m, precision };
}

/** Temperature that minimises the negative log-likelihood on held-out items. */
function fitTemperature(model: LogisticModel, sets: { x: number[]; gold: Verdict }[][]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.4; t <= 3.001; t += 0.05) {
    let nll = 0;
    for (const set of sets) {
      let s = 0;
      for (const e of set) s -= Math.log(Math.max(proba(model, e.x, t)[e.gold], 1e-9));
      nll += s / set.length; // each set counts the same, whatever its size
    }
    if (nll < bestNll) {
      bestNll = nll;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/**
 * Thresholds for showing supported / contradicted, chosen on the development
 * sets. Each set has floors (macro-F1, and the mean precision of the shown
 * supported/contradicted verdicts); the score is the sum of macro-F1 and
 * shown precision, with shortfalls below a floor (plus a margin) counted
 * three times over: precision first, since a wrong "supported" is the worst error.
 */
function fitThresholds(sets: { items: Scored[]; floors: { f1: number; precision: number } }[]): { supported: number; contradicted: number } {
  const MARGIN = 0.03;
  let best = { supported: 0.5, contradicted: 0.5 };
  let bestScore = -Infinity;
  for (let ts = 0.34; ts <= 0.9; ts += 0.02) {
    for (let tc = 0.34; tc <= 0.9; tc += 0.02) {
      const th = { supported: Math.round(ts * 100) / 100, contradicted: Math.round(tc * 100) / 100 };
      let score = 0;
      for (const { items, floors } of sets) {
        const { m, precision } = quality(items, th);
        score += m.macro_f1 + precision;
        score += 3 * Math.min(0, m.macro_f1 - floors.f1 - MARGIN) + 3 * Math.min(0, precision - floors.precision - MARGIN);
      }
      if (score > bestScore + 1e-9) {
        bestScore = score;
        best = th;
      }
    }
  }
  return best;
}

async function scoredFor(records: EvalRecord[]): Promise<{ x: number[]; gold: Verdict; hasEvidence: boolean }[]> {
  const out: { x: number[]; gold: Verdict; hasEvidence: boolean }[] = [];
  for (const r of records) {
    if (r.label === 'not_supported') continue;
    const x = await featuresFor(r.claim, r.evidence ?? []);
    out.push({ x, gold: r.label, hasEvidence: x[FEATURE_NAMES.indexOf('no_evidence')] === 0 });
  }
  return out;
}

function report(name: string, items: Scored[], thresholds: { supported: number; contradicted: number }) {
  const { m, precision } = quality(items, thresholds);
  const covered = items.length ? verdictsOf(items, thresholds).filter((v) => v !== 'unverifiable').length / items.length : 0;
  console.log(formatMetrics(name, m, `shown precision ${(100 * precision).toFixed(1)}%  coverage ${(100 * covered).toFixed(1)}%`));
}

async function main() {
  const t0 = performance.now();
  const sets = {
    'check-covid-train': { records: loadCheckCovid('train'), weight: 1 },
    'healthver-dev-train': { records: loadHealthVer('train'), weight: Number(process.env.W_HV ?? 0) },
    covidfact: { records: loadCovidFact(), weight: Number(process.env.W_CF ?? 0) },
    'scifact-rte-train': { records: loadSciFactRte('train'), weight: Number(process.env.W_SF ?? 0) },
  };
  const examples: Example[] = [];
  const trainedOn: Record<string, number> = {};
  for (const [name, s] of Object.entries(sets)) {
    if (!s.weight) continue;
    const ex = await examplesFor(s.records, s.weight, process.env.AUG !== '0');
    examples.push(...ex);
    trainedOn[name] = s.records.length;
    console.log(`features: ${name} ${s.records.length} records → ${ex.length} examples`);
  }
  const model = train(examples, [...FEATURE_NAMES], { epochs: 600, learningRate: 0.05, l2: 1e-3, balance: true });
  model.trainedOn = trainedOn;
  model.createdAt = new Date().toISOString().slice(0, 10);
  console.log(`trained on ${examples.length} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  const out: LogisticModel = {
    ...model,
    mean: model.mean.map(round),
    std: model.std.map(round),
    weights: model.weights.map((w) => w.map(round)),
    bias: model.bias.map(round),
  };
  // Calibration on the development sets (never trained on).
  const dev = {
    'check-covid-dev': await scoredFor(loadCheckCovid('dev')),
    'healthver-dev-heldout': await scoredFor(loadHealthVer('heldout')),
  };
  const temperature = fitTemperature(out, Object.values(dev));
  const scored = Object.fromEntries(
    Object.entries(dev).map(([k, items]) => [k, items.map((e) => ({ gold: e.gold, p: proba(out, e.x, temperature), hasEvidence: e.hasEvidence }))]),
  ) as Record<string, Scored[]>;
  // The floors the project holds itself to (issue 8), on these sets' unseen test splits.
  const floors: Record<string, { f1: number; precision: number }> = {
    'check-covid-dev': { f1: 0.55, precision: 0.6 },
    'healthver-dev-heldout': { f1: 0.45, precision: 0.45 },
  };
  const thresholds = fitThresholds(Object.entries(scored).map(([k, items]) => ({ items, floors: floors[k] })));
  out.calibration = { temperature, thresholds, fittedOn: Object.keys(dev) };
  console.log(`calibration: temperature ${temperature}, thresholds supported ${thresholds.supported}, contradicted ${thresholds.contradicted}`);
  const path = resolve(import.meta.dirname, '../src/core/verify/weights.json');
  writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
  console.log(`wrote ${path}`);
  for (const [k, items] of Object.entries(scored)) {
    report(`${k} (oracle evidence), argmax`, items, { supported: 0, contradicted: 0 });
    report(`${k} (oracle evidence), calibrated thresholds`, items, thresholds);
  }
  console.log('weights:');
  FEATURE_NAMES.forEach((f, j) => console.log(`  ${f.padEnd(26)} ${out.weights.map((w) => w[j].toFixed(2).padStart(7)).join(' ')}`));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
