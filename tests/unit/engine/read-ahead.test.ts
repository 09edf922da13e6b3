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

  it('with depth n keeps up to n values made ahead, never more', async () => {
    const log: string[] = [];
    const it = readAhead(numbers(10, log), 3);
    expect((await it.next()).value).toBe(0);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['make 0', 'make 1', 'make 2', 'make 3']);
    expect((await it.next()).value).toBe(1);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
    expect(log.at(-1)).toBe('make 4');
    const rest: number[] = [];
    for await (const v of it) rest.push(v);
    expect(rest).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('with depth n still delivers an error in order, after the values before it', async () => {
    const it = readAhead(numbers(6, [], 3), 4);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of it) got.push(v);
      })(),
    ).rejects.toThrow('failed at 3');
    expect(got).toEqual([0, 1, 2]);
    expect((await it.next()).done).toBe(true);
  });

  it('refuses a depth below 1', () => {
    expect(() => readAhead(numbers(1, []), 0)).toThrow(RangeError);
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
