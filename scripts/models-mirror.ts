// npm run models:mirror -- [--models ID,ID] [--dtypes q8,fp32] [--out DIR] [--hub URL] [--force]
//
// On a machine with internet: downloads the default models of the catalog
// (src/core/models/catalog.json) into public/models/<id>/, where the app (as
// /models/) and the Node CLI find them. Resumable; sizes and sha256 sums are
// checked where the catalog knows them. Copy the folder to offline machines.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CATALOG, catalogEntry } from '../src/core/models/catalog.ts';
import type { ModelDtype } from '../src/core/models/types.ts';
import { mirrorModels } from './lib/mirror.ts';

const USAGE = `Usage: npm run models:mirror -- [--models ID,ID] [--dtypes q8,fp16,fp32] [--out DIR] [--hub URL] [--force]
Defaults: the catalog's default models, dtype q8, out public/models, hub ${CATALOG.hub}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      models: { type: 'string' },
      dtypes: { type: 'string', default: 'q8' },
      out: { type: 'string', default: fileURLToPath(new URL('../public/models/', import.meta.url)) },
      hub: { type: 'string', default: process.env.HF_ENDPOINT ?? CATALOG.hub },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const ids = values.models
    ? values.models.split(',').map((s) => s.trim()).filter(Boolean)
    : [...new Set(Object.values(CATALOG.defaults))];
  const dtypes = values.dtypes.split(',').map((s) => s.trim()) as ModelDtype[];
  for (const d of dtypes) {
    if (!['q8', 'fp16', 'fp32'].includes(d)) throw new Error(`Unknown dtype ${d}. ${USAGE}`);
  }
  const entries = ids.map((id) => catalogEntry(id));
  let lastLine = 0;
  const results = await mirrorModels(entries, {
    outDir: resolve(values.out),
    hub: values.hub,
    dtypes,
    force: values.force,
    log: (l) => console.log(l),
    onProgress: (file, loaded, total) => {
      const now = Date.now();
      if (now - lastLine < 2000) return;
      lastLine = now;
      const pct = total ? ` (${((100 * loaded) / total).toFixed(0)}%)` : '';
      console.log(`  ${file}: ${(loaded / 1e6).toFixed(1)} MB${pct}`);
    },
  });
  const bytes = results.flatMap((r) => r.files).reduce((s, f) => s + f.size, 0);
  console.log(`Mirrored ${results.length} model(s), ${(bytes / 1e6).toFixed(1)} MB, into ${resolve(values.out)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exit(1);
});
