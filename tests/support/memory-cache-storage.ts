// An in-memory CacheStorage (the parts model-cache.ts uses) for Node tests;
// the e2e spec runs the same helpers against Chromium's real Cache Storage.
class MemoryCache {
  readonly entries = new Map<string, Response>();

  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((u) => new Request(u));
  }

  async match(req: Request | string): Promise<Response | undefined> {
    const r = this.entries.get(typeof req === 'string' ? req : req.url);
    return r?.clone();
  }

  async put(req: Request | string, res: Response): Promise<void> {
    this.entries.set(typeof req === 'string' ? req : req.url, res);
  }

  async delete(req: Request | string): Promise<boolean> {
    return this.entries.delete(typeof req === 'string' ? req : req.url);
  }
}

export class MemoryCacheStorage {
  readonly caches = new Map<string, MemoryCache>();

  async open(name: string): Promise<Cache> {
    let c = this.caches.get(name);
    if (!c) this.caches.set(name, (c = new MemoryCache()));
    return c as unknown as Cache;
  }

  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }

  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }
}

/** Stores `bytes` bytes under `url` with a Content-Length header, as cache.add() would. */
export async function putFile(storage: MemoryCacheStorage, scope: string, url: string, body: string | Uint8Array, withLength = true): Promise<void> {
  const cache = await storage.open(scope);
  const bytes: Uint8Array<ArrayBuffer> = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  const headers: Record<string, string> = {};
  if (withLength) headers['content-length'] = String(bytes.byteLength);
  await cache.put(url, new Response(bytes, { headers }));
}
