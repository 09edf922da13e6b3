import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../../../src/core/types.ts';

const file = resolve(import.meta.dirname, '../../eval/data/medquad-claims.jsonl');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; claim: string; label: string; topic: string; split: string; ref: string });

describe('hand-written MedQuAD claim set', () => {
  it('parses, has at least 76 rows with valid labels and unique ids', () => {
    expect(rows.length).toBeGreaterThanOrEqual(76);
    for (const r of rows) {
      expect(VERDICTS).toContain(r.label);
      expect(r.claim.trim().length).toBeGreaterThan(5);
      expect(r.topic).toBeTruthy();
      expect(r.ref).toBeTruthy();
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.claim)).size).toBe(rows.length);
  });

  it('has both splits, and no topic in both', () => {
    expect(new Set(rows.map((r) => r.split))).toEqual(new Set(['dev', 'test']));
    const splitOf = new Map<string, string>();
    for (const r of rows) {
      expect(splitOf.get(r.topic) ?? r.split).toBe(r.split);
      splitOf.set(r.topic, r.split);
    }
  });

  it('is roughly balanced: 40 % supported, 35 % contradicted, 25 % unverifiable (±10 points)', () => {
    const share = (l: string) => rows.filter((r) => r.label === l).length / rows.length;
    expect(Math.abs(share('supported') - 0.4)).toBeLessThan(0.1);
    expect(Math.abs(share('contradicted') - 0.35)).toBeLessThan(0.1);
    expect(Math.abs(share('unverifiable') - 0.25)).toBeLessThan(0.1);
  });

  it('keeps the regression examples with their labels', () => {
    const label = (claim: string) => rows.find((r) => r.claim === claim)?.label;
    expect(label('Insulin is made in the liver.')).toBe('contradicted');
    expect(label('Metformin is usually the first medicine prescribed for type 2 diabetes.')).toBe('unverifiable');
    expect(label('Type 1 diabetes is caused by eating too much sugar.')).toBe('contradicted');
    expect(label('Inhaled corticosteroids are used to control asthma long term.')).toBe('supported');
    expect(['contradicted', 'unverifiable']).toContain(label('Asthma spreads by coughing.'));
    expect(label('Hypertension often has no symptoms.')).toBe('supported');
    expect(label('Glaucoma is always painful in its early stages.')).toBe('contradicted');
  });
});
