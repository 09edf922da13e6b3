// Read-ahead for a worker's token stream. web-llm's worker client pulls each
// chunk with a request/reply round trip and the engine decodes a token only
// when asked, so decode time and message transit add up, token after token.
// Asking the generator for the next chunks as soon as one is handed over
// (up to `depth` chunks buffered or being made) lets decoding run while
// earlier chunks travel to the page; the order, the values and the errors
// stay exactly those of the generator. Async generators queue next() calls,
// so asking ahead never runs two decodes at once.

export const DEFAULT_READ_AHEAD = 4;

export function readAhead<T, R = unknown>(gen: AsyncIterator<T, R>, depth = 1): AsyncIterableIterator<T> {
  if (!(depth >= 1)) throw new RangeError(`read-ahead depth must be at least 1, got ${depth}`);
  const queue: Promise<IteratorResult<T, R>>[] = [];
  let finished = false; // the reader has seen the end or an error
  let sourceEnded = false; // a result already asked for was the end or an error
  const pull = () => {
    if (finished || sourceEnded || queue.length >= depth) return;
    const p = gen.next();
    queue.push(p);
    p.then(
      (r) => {
        if (r.done) sourceEnded = true;
        else pull();
      },
      // The rejection is delivered to whoever asks next; never unhandled here.
      () => {
        sourceEnded = true;
      },
    );
  };
  const it: AsyncIterableIterator<T> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      if (queue.length === 0) {
        if (sourceEnded) {
          finished = true;
          return { done: true, value: undefined };
        }
        pull();
      }
      const current = queue.shift()!;
      let r: IteratorResult<T, R>;
      try {
        r = await current;
      } catch (e) {
        finished = true;
        queue.length = 0;
        throw e;
      }
      if (r.done) {
        finished = true;
        queue.length = 0;
      } else pull();
      return r as IteratorResult<T>;
    },
    async return(value?: unknown) {
      finished = true;
      queue.length = 0;
      await gen.return?.(value as R);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/** A Map that wraps every async generator stored in it with readAhead. */
export class ReadAheadMap<K, T> extends Map<K, AsyncIterableIterator<T>> {
  constructor(private readonly depth = DEFAULT_READ_AHEAD) {
    super();
  }
  override set(key: K, gen: AsyncIterableIterator<T>): this {
    return super.set(key, readAhead(gen, this.depth));
  }
}
