// The layer rules of eslint.config.js bite: imports across a forbidden arrow
// (docs/ARCHITECTURE.md, "Layers") are errors, the allowed ones are not. The
// snippets are linted as if they were files in those folders (ESLint's
// lintText with a filePath; nothing is written), importing real project files.
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** Rule ids and messages ESLint reports for `code` as the file at `path` (from the repository root). */
async function lint(path: string, code: string): Promise<{ ruleId: string | null; message: string; line: number }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
}

// Loading the config and its plugins takes a few seconds on a busy machine: once, up front.
beforeAll(async () => {
  await eslint.lintText('', { filePath: `${root}src/core/layer-probe.ts` });
});

const boundaryErrors = async (path: string, code: string) =>
  (await lint(path, code)).filter((m) => m.ruleId === 'boundaries/dependencies');

describe('layer rules (eslint-plugin-boundaries)', () => {
  it('a view may not import a worker protocol', async () => {
    const errors = await boundaryErrors(
      'src/views/check/LayerProbe.ts',
      "import type { CheckerRequest } from '../../../workers/checker.protocol.ts';\nexport type Probe = CheckerRequest;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/"views".*"workers"|"workers".*"views"/);
  });

  it('a Svelte component in a view may import neither the app layer nor a worker', async () => {
    const errors = await boundaryErrors(
      'src/views/check/LayerProbe.svelte',
      `<script lang="ts">
  import { CheckerService } from '../../app/checker-service.ts';
  import type { ModelsRequest } from '../../../workers/models.protocol.ts';
  const probe: [unknown, ModelsRequest | null] = [CheckerService, null];
</script>
<p>{probe.length}</p>
`,
    );
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
  });

  it('core may not import the database, the app layer or UI state', async () => {
    const errors = await boundaryErrors(
      'src/core/layer-probe.ts',
      [
        "import { ClaimLensDB } from '../db.ts';",
        "import { CheckerService } from '../app/checker-service.ts';",
        "import { loadStatus } from '../lib/format.ts';",
        "import { splitClaims } from './claims/index.ts';",
        'export const probe = [ClaimLensDB, CheckerService, loadStatus, splitClaims];',
      ].join('\n'),
    );
    // The fourth import (core → core) is allowed.
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it("Node's built-ins only where Node runs: not in core, yes in the CLI", async () => {
    const code = "import { readFileSync } from 'node:fs';\nimport { strFromU8 } from 'fflate';\nexport const probe = [readFileSync, strFromU8];\n";
    // The npm package (line 2) is allowed everywhere.
    expect((await boundaryErrors('src/core/layer-probe.ts', code)).map((e) => e.line)).toEqual([1]);
    expect(await boundaryErrors('src/cli/layer-probe.ts', code)).toEqual([]);
  });

  it('the app layer may not import UI state or worker entry points; a protocol only as types', async () => {
    const errors = await boundaryErrors(
      'src/app/layer-probe.ts',
      [
        "import { app } from '../lib/app.svelte.ts';",
        "import * as entry from '../../workers/checker.worker.ts';",
        "import * as protocol from '../../workers/checker.protocol.ts';",
        "import type { CheckerRequest } from '../../workers/checker.protocol.ts';",
        "import { ClaimLensDB } from '../db.ts';",
        "import { CheckerService } from './checker-service.ts';",
        'export const probe: unknown[] = [app, entry, protocol, ClaimLensDB, CheckerService, null as CheckerRequest | null];',
      ].join('\n'),
    );
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it('the allowed arrows are quiet: lib → protocol, core, db; workers → app, lib client; views → lib, components, core', async () => {
    expect(
      await boundaryErrors(
        'src/lib/layer-probe.ts',
        [
          "import type { CheckerRequest } from '../../workers/checker.protocol.ts';",
          "import type { Claim } from '../core/types.ts';",
          "import { ClaimLensDB } from '../db.ts';",
          'export const probe: unknown[] = [ClaimLensDB, null as CheckerRequest | Claim | null];',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'workers/layer-probe.ts',
        [
          "import { CheckerService } from '../src/app/checker-service.ts';",
          "import { ModelWorkerClient } from '../src/lib/models-client.ts';",
          'export const probe = [CheckerService, ModelWorkerClient];',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'src/views/check/LayerProbe.ts',
        [
          "import { percent } from '../../lib/format.ts';",
          "import ClaimList from '../../components/report/ClaimList.svelte';",
          "import type { Report } from '../../core/types.ts';",
          'export const probe: unknown[] = [percent, ClaimList, null as Report | null];',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('a worker may use a browser client from lib but not UI state', async () => {
    const errors = await boundaryErrors(
      'workers/layer-probe.ts',
      "import { app } from '../src/lib/app.svelte.ts';\nexport const probe = app;\n",
    );
    expect(errors).toHaveLength(1);
  });
});

describe('what lives where', () => {
  it('workers/ holds entry points and protocols only', async () => {
    const code = 'export const helper = 1;\n';
    const restricted = async (path: string) => (await lint(path, code)).filter((m) => m.ruleId === 'no-restricted-syntax');
    expect(await restricted('workers/layer-helper.ts')).toHaveLength(1);
    expect(await restricted('workers/layer-probe.worker.ts')).toEqual([]);
    expect(await restricted('workers/layer-probe.protocol.ts')).toEqual([]);
  });

  it('Svelte only in the UI: not in core or the app layer, yes in lib', async () => {
    const code = "import { untrack } from 'svelte';\nexport const probe = untrack;\n";
    expect(await boundaryErrors('src/app/layer-probe.ts', code)).toHaveLength(1);
    expect(await boundaryErrors('src/core/layer-probe.ts', code)).toHaveLength(1);
    expect(await boundaryErrors('src/lib/layer-probe.ts', code)).toEqual([]);
  });
});

describe('core globals', () => {
  it('core code may not use browser or Node globals, only the declared web-platform ones', async () => {
    const messages = await lint(
      'src/core/layer-probe.ts',
      [
        'export const a = typeof window;',
        'export const b = process.env.HOME;',
        'export const c = new TextDecoder().decode(new Uint8Array(0));',
        'export const d = performance.now();',
      ].join('\n'),
    );
    expect(messages.filter((m) => m.ruleId === 'no-undef').map((m) => m.line)).toEqual([1, 2]);
  });
});
