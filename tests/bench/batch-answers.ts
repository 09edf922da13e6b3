// The answers the batch benchmarks in Node and in the dev-server Chromium run
// check (tests/bench/batch-run.ts, batch-chromium.ts): five sentences of the
// built MedQuAD pack each, every other one altered (a negation), half of the
// answers from "model-a" and half from "model-b" on the same question ids.
// Seeded, so every run checks the same answers.
import { readFileSync } from 'node:fs';
import { decodePack } from '../../src/core/evidence/index.ts';
import type { BatchInputRow } from '../../src/core/batch/types.ts';

export function packSentenceAnswers(packFile: string, n: number): BatchInputRow[] {
  const pack = decodePack(new Uint8Array(readFileSync(packFile)));
  const sentences: string[] = [];
  for (const c of pack.chunks) {
    for (const [s, e] of c.sentences) {
      const t = c.text.slice(s, e).trim();
      if (t.length > 40 && t.length < 140 && !t.includes('?')) sentences.push(t);
    }
    if (sentences.length > 20_000) break;
  }
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const parts = Array.from({ length: 5 }, (_, j) => {
      const t = sentences[Math.floor(rand() * sentences.length)];
      return (i + j) % 2 ? t.replace(/ is /, ' is not ') : t;
    });
    return { id: `q${i % (n / 2)}`, model: i < n / 2 ? 'model-a' : 'model-b', question: `Question ${i % (n / 2)}`, answer: parts.join(' ') };
  });
}
