import { describe, expect, it } from 'vitest';
import { splitClaims } from '../../../src/core/claims/index.ts';
import {
  CHINESE_CASES,
  ENGLISH_CASES,
  KEEP_WHOLE,
  KNOWN_FAILURES,
  NON_CLAIMS,
  ZH_KEEP_WHOLE,
} from './cases.ts';
import { pairs } from './helpers.ts';

describe('English claim cases', () => {
  for (const c of ENGLISH_CASES) {
    it(c.name, () => {
      expect(pairs(c.answer, c.opts)).toEqual(c.claims);
    });
  }
});

describe('Chinese claim cases', () => {
  for (const c of CHINESE_CASES) {
    it(c.name, () => {
      expect(pairs(c.answer, c.opts)).toEqual(c.claims);
    });
  }
});

describe('sentences kept whole', () => {
  for (const s of [...KEEP_WHOLE, ...ZH_KEEP_WHOLE]) {
    it(s, () => {
      const claims = splitClaims(s);
      expect(claims).toHaveLength(1);
      expect(s.slice(claims[0].start, claims[0].end)).toBe(s);
      expect(claims[0].text).toBe(s);
    });
  }
});

describe('not claims', () => {
  for (const s of NON_CLAIMS) {
    it(JSON.stringify(s), () => {
      expect(splitClaims(s).map((c) => c.text)).toEqual([]);
    });
  }
});

describe('known failures (fix one, then move it to the tables)', () => {
  for (const c of KNOWN_FAILURES) {
    it.fails(c.name, () => {
      expect(pairs(c.answer, c.opts)).toEqual(c.claims);
    });
  }
});
