// Real answers from MedQuAD (read from ../shared at run time, never copied
// into the repository): every claim must have a valid, non-overlapping span.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { splitClaims } from '../../../src/core/claims/index.ts';
import { spanProblems } from './helpers.ts';

const ZIP = fileURLToPath(new URL('../../../../shared/data/medquad/MedQuAD-master.zip', import.meta.url));
const present = existsSync(ZIP);
if (!present) console.warn(`MedQuAD tests skipped: ${ZIP} not found (see ../shared/data/README.md).`);

/** A stable pseudo-random pick of about 1 file in 40, spread over all sources. */
function picked(name: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % 40 === 0;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function sampleAnswers(): { file: string; answer: string }[] {
  const files = unzipSync(readFileSync(ZIP), { filter: (f) => f.name.endsWith('.xml') && picked(f.name) });
  const out: { file: string; answer: string }[] = [];
  for (const [file, data] of Object.entries(files)) {
    for (const m of strFromU8(data).matchAll(/<Answer>([\s\S]*?)<\/Answer>/g)) {
      const answer = decodeXml(m[1]);
      if (answer.trim()) out.push({ file, answer });
    }
  }
  return out;
}

describe.skipIf(!present)('MedQuAD answers', () => {
  const answers = present ? sampleAnswers() : [];

  it('the sample covers several sources', () => {
    expect(answers.length).toBeGreaterThan(100);
    const sources = new Set(answers.map((a) => a.file.split('/')[1]));
    expect(sources.size).toBeGreaterThanOrEqual(5);
  });

  it('every claim has a valid span inside its sentence, and spans never overlap', () => {
    let claims = 0;
    for (const { file, answer } of answers) {
      const cs = splitClaims(answer);
      const problems = spanProblems(answer, cs);
      if (problems.length) expect.fail(`${file}: ${problems.join('; ')}`);
      claims += cs.length;
    }
    expect(claims).toBeGreaterThan(answers.length * 3);
  });

  it('almost every answer gives claims, and claim text is clean', () => {
    const empty = answers.filter((a) => splitClaims(a.answer).length === 0);
    expect(empty.length).toBeLessThan(answers.length * 0.05);
    for (const { answer } of answers.slice(0, 80)) {
      for (const c of splitClaims(answer)) {
        expect(c.text).not.toMatch(/\s{2}|^\s|\s$/);
        expect(c.text).not.toMatch(/\*\*|<\/?[a-z]+>/i);
      }
    }
  });

  it('the same answer always gives the same claims', () => {
    const { answer } = answers[Math.floor(answers.length / 2)];
    expect(splitClaims(answer)).toEqual(splitClaims(answer));
  });
});
