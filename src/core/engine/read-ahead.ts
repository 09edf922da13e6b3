// Read-ahead for a worker's token stream. web-llm's worker client pulls each
// chunk with a request/reply round trip and the engine decodes a token only
// when asked, so decode time and message transit add up, token after token.
// Asking the generator for chunk n+1 as soon as chunk n is handed over lets
// the next decode run while chunk n travels to the page; the order, the
// values and the errors stay exactly those of the generator.

export function readAhead<T, R = unknown>(gen: AsyncIterator<T, R>): AsyncIterableIterator<T> {
  let pending: Promise<IteratorResult<T, R>> | undefined;
  let finished = false;
  const fetchNext = () => {
    const p = gen.next();
    // The rejection is delivered to whoever asks next; never unhandled here.
    p.catch(() => {});
    return p;
  };
  const it: AsyncIterableIterator<T> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      const current = pending ?? fetchNext();
      pending = undefined;
      let r: IteratorResult<T, R>;
      try {
        r = await current;
      } catch (e) {
        finished = true;
        throw e;
      }
      if (r.done) finished = true;
      else pending = fetchNext();
      return r as IteratorResult<T>;
    },
    async return(value?: unknown) {
      finished = true;
      pending = undefined;
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
  override set(key: K, gen: AsyncIterableIterator<T>): this {
    return super.set(key, readAhead(gen));
  }
}
