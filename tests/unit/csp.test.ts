import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspOptionsFromEnv, MODEL_HOSTS, securityHeaders, serviceWorkerHeadersScript } from '../../scripts/lib/csp.ts';

function directive(policy: string, name: string): string[] {
  const d = policy.split(';').map((s) => s.trim().split(/\s+/)).find(([n]) => n === name);
  if (!d) throw new Error(`no ${name} in ${policy}`);
  return d.slice(1);
}

/** Does a CSP host source such as https://*.hf.co match this URL? */
function allows(sources: string[], url: string): boolean {
  const u = new URL(url);
  return sources.some((s) => {
    const m = /^(https?):\/\/(\*\.)?([^/:]+)$/.exec(s);
    if (!m || `${m[1]}:` !== u.protocol) return false;
    return m[2] ? u.hostname.endsWith(`.${m[3]}`) : u.hostname === m[3];
  });
}

/** Every absolute URL in a JSON file. */
function urlsIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/"(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
}

describe('Content-Security-Policy', () => {
  const normal = contentSecurityPolicy({ strict: false });
  const strict = contentSecurityPolicy({ strict: true });

  it('the strict policy connects to the app itself only', () => {
    expect(directive(strict, 'connect-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directive(strict, 'default-src')).toEqual(["'self'"]);
  });

  it('the normal policy allows every host the model catalogs download from, and a model server on this machine', () => {
    const connect = directive(normal, 'connect-src');
    const urls = [...urlsIn('src/core/engine/catalog.json'), ...urlsIn('src/core/models/catalog.json')];
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(allows(connect, url), url).toBe(true);
    // huggingface.co answers downloads with redirects to its CDNs.
    expect(allows(connect, 'https://cdn-lfs.huggingface.co/repos/x')).toBe(true);
    expect(allows(connect, 'https://cas-bridge.xethub.hf.co/x')).toBe(true);
    expect(connect).toContain('http://127.0.0.1:*');
    expect(connect).toContain('http://localhost:*');
    expect(allows(connect, 'https://example.com/')).toBe(false);
    expect(MODEL_HOSTS.every((h) => h.startsWith('https://'))).toBe(true);
  });

  it('scripts: the app (and its own blob: modules) and WebAssembly only; no inline script, no eval', () => {
    for (const p of [normal, strict]) {
      expect(directive(p, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
      expect(directive(p, 'worker-src')).toEqual(["'self'", 'blob:']);
      expect(directive(p, 'object-src')).toEqual(["'none'"]);
    }
  });

  it('the <meta> variant leaves out what a <meta> policy cannot hold', () => {
    expect(normal).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ strict: false }, { header: false })).not.toContain('frame-ancestors');
  });

  it('reads the strict switch and extra origins from the environment, and refuses what is not an origin', () => {
    expect(cspOptionsFromEnv({ CLAIMLENS_STRICT: '1' }).strict).toBe(true);
    expect(cspOptionsFromEnv({}).strict).toBe(false);
    const o = cspOptionsFromEnv({ CLAIMLENS_CONNECT_SRC: 'https://llm.example.org http://10.0.0.5:8000' });
    expect(directive(contentSecurityPolicy(o), 'connect-src')).toEqual(expect.arrayContaining(['https://llm.example.org', 'http://10.0.0.5:8000']));
    // Extra origins never widen the strict policy.
    expect(directive(contentSecurityPolicy({ ...o, strict: true }), 'connect-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(() => cspOptionsFromEnv({ CLAIMLENS_CONNECT_SRC: "https://a.org; script-src 'unsafe-inline'" })).toThrow(/not an origin/);
  });

  it('the servers and the service worker add cross-origin isolation and the policy', () => {
    const headers = securityHeaders({ strict: true });
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(headers['Content-Security-Policy']).toBe(strict);
    const script = serviceWorkerHeadersScript({ strict: true });
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain(JSON.stringify(strict));
    expect(script).toContain('"Cross-Origin-Embedder-Policy":"require-corp"');
  });
});
