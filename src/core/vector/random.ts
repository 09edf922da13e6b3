// Seeded PRNG so index builds (sampling, k-means init) are reproducible.

/** mulberry32: fast, 32-bit state, good enough for sampling. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct integers from [0, n), in random order (Floyd's algorithm for count ≪ n). */
export function sampleIndices(n: number, count: number, rand: () => number): Int32Array {
  count = Math.min(count, n);
  const out = new Int32Array(count);
  if (count * 3 > n) {
    // Dense: shuffle a full range and take a prefix.
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rand() * (n - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    out.set(all.subarray(0, count));
    return out;
  }
  const chosen = new Set<number>();
  let w = 0;
  for (let j = n - count; j < n; j++) {
    const t = Math.floor(rand() * (j + 1));
    const v = chosen.has(t) ? j : t;
    chosen.add(v);
    out[w++] = v;
  }
  return out;
}
