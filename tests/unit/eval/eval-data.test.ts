// The evaluation data readers check every record against its schema: the
// real datasets pass, a damaged copy is refused naming the file, line and field.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCovidGold, loadCheckCovid, loadCheckCovidCorpus, loadCovidFact, SHARED_EVAL } from '../../../scripts/eval-data.ts';
import { hasCheckCovid, NO_SHARED } from '../evidence/shared.ts';

if (!hasCheckCovid) console.warn(NO_SHARED);

describe.skipIf(!hasCheckCovid)('evaluation data readers', () => {
  it('read the real Check-COVID and COVID-Fact files', () => {
    const corpus = loadCheckCovidCorpus();
    expect(corpus.size).toBe(347);
    const dev = loadCheckCovid('dev');
    expect(dev.length).toBe(checkCovidGold('dev').size);
    expect(new Set(dev.map((r) => r.label))).toEqual(new Set(['supported', 'contradicted', 'unverifiable']));
    expect(loadCovidFact().every((r) => r.label === 'supported' || r.label === 'contradicted')).toBe(true);
  });

  it('refuse a damaged copy, naming the file, line and field', () => {
    const root = mkdtempSync(join(tmpdir(), 'claimlens-eval-'));
    mkdirSync(join(root, 'check-covid'));
    const lines = readFileSync(join(SHARED_EVAL, 'check-covid/corpus.json'), 'utf8').split('\n').filter((l) => l.trim());
    const bad = JSON.parse(lines[5]);
    bad.abstract[1] = { text: bad.abstract[1] };
    lines[5] = JSON.stringify(bad);
    const file = join(root, 'check-covid/corpus.json');
    writeFileSync(file, lines.join('\n'));
    expect(() => loadCheckCovidCorpus(root)).toThrow(`${file} line 6 is not in the expected form: abstract[1]: expected string, got an object.`);
    lines[5] = lines[5].slice(0, 30);
    writeFileSync(file, lines.join('\n'));
    expect(() => loadCheckCovidCorpus(root)).toThrow(new RegExp(`line 6 is not valid JSON`));
  });
});
