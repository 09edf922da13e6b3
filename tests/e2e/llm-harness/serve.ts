// Serves the LLM harness page with Vite's dev server (no app config: plain
// TypeScript, module workers). Port 4273 when free, else any free port.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export async function startHarnessServer(port = 4273): Promise<{ url: string; close(): Promise<void> }> {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: false },
    worker: { format: 'es' },
    // web-llm is one self-contained ESM file: serve it as it is, do not pre-bundle 6 MB.
    optimizeDeps: { exclude: ['@mlc-ai/web-llm'], entries: ['tests/e2e/llm-harness/index.html'] },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  return { url: new URL('tests/e2e/llm-harness/index.html', base).href, close: () => server.close() };
}
