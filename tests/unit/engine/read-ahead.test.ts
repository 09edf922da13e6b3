import { describe, expect, it } from 'vitest';
import { ReadAheadMap, readAhead } from '../../../src/core/engine/read-ahead.ts';

async function* numbers(n: number, log: string[], failAt = -1) {
  for (let i = 0; i < n; i++) {
    log.push(`make ${i}`);
    if (i === failAt) throw new Error(`failed at ${i}`);
    yield i;
  }
}

describe('readAhead', () => {
  it('yields the same values in the same order, then ends', async () => {
    const out: number[] = [];
    for await (const v of readAhead(numbers(5, []))) out.push(v);
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts making the next value as soon as one is handed over', async () => {
    const log: string[] = [];
    const it = readAhead(numbers(3, log));
    expect((await it.next()).value).toBe(0);
    await Promise.resolve();
    // value 1 is already being made although nobody asked for it yet
    expect(log).toContain('make 1');
    expect(log).not.toContain('make 2');
  });

  it('delivers an error to the next reader, in order, and stops', async () => {
    const it = readAhead(numbers(5, [], 2));
    expect((await it.next()).value).toBe(0);
    expect((await it.next()).value).toBe(1);
    await expect(it.next()).rejects.toThrow('failed at 2');
    expect((await it.next()).done).toBe(true);
  });

  it('passes return() on to the generator', async () => {
    const log: string[] = [];
    async function* g() {
      try {
        yield 1;
        yield 2;
      } finally {
        log.push('closed');
      }
    }
    const it = readAhead(g());
    await it.next();
    await it.return!();
    expect(log).toEqual(['closed']);
    expect((await it.next()).done).toBe(true);
  });

  it('wraps what a ReadAheadMap stores', async () => {
    const map = new ReadAheadMap<string, number>();
    const log: string[] = [];
    map.set('s', numbers(2, log));
    const it = map.get('s')!;
    await it.next();
    await Promise.resolve();
    expect(log).toContain('make 1');
  });
});
