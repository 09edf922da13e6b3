// Keeps the k best (highest) scores seen so far in a binary min-heap held in
// two typed arrays: the root is the worst kept score, so most candidates are
// rejected by one comparison.

export class TopK {
  readonly k: number;
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private n = 0;

  constructor(k: number) {
    this.k = Math.max(0, Math.floor(k));
    this.scores = new Float64Array(this.k);
    this.items = new Int32Array(this.k);
  }

  get size(): number {
    return this.n;
  }

  /** Score a candidate must beat to enter (−Infinity until the heap is full). */
  get threshold(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }

  reset(): void {
    this.n = 0;
  }

  push(item: number, score: number): void {
    const k = this.k;
    if (this.n < k) {
      // Sift up.
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.scores[p] <= score) break;
        this.scores[i] = this.scores[p];
        this.items[i] = this.items[p];
        i = p;
      }
      this.scores[i] = score;
      this.items[i] = item;
      return;
    }
    if (k === 0 || score <= this.scores[0]) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      const c = r < k && this.scores[r] < this.scores[l] ? r : l;
      if (this.scores[c] >= score) break;
      this.scores[i] = this.scores[c];
      this.items[i] = this.items[c];
      i = c;
    }
    this.scores[i] = score;
    this.items[i] = item;
  }

  /** Items and scores, best first; ties broken by the smaller item for determinism. */
  sorted(): { items: Int32Array; scores: Float64Array } {
    const order = Array.from({ length: this.n }, (_, i) => i);
    order.sort((a, b) => this.scores[b] - this.scores[a] || this.items[a] - this.items[b]);
    const items = new Int32Array(this.n);
    const scores = new Float64Array(this.n);
    order.forEach((o, i) => {
      items[i] = this.items[o];
      scores[i] = this.scores[o];
    });
    return { items, scores };
  }
}
