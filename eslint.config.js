// ESLint flat config. Besides the usual recommended rules, eslint-plugin-boundaries
// enforces the layers of docs/ARCHITECTURE.md ("Layers"): every arrow of the
// diagram is one policy below, and an import that no policy allows is an error.
// The type-checked typescript-eslint configs are left out on purpose (too slow
// for a 2-core machine); `npm run check` does the type checking.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

// The globals core may use: web-platform APIs that browsers, workers and Node 20
// all have, declared in src/core/platform.d.ts for tsconfig.core.json.
const CORE_PLATFORM = [
  'setTimeout', 'clearTimeout', 'setImmediate', 'performance', 'structuredClone', 'atob',
  'AbortSignal', 'AbortController', 'URL', 'TextDecoder', 'TextEncoder',
  'ReadableStream', 'ReadableStreamDefaultReader', 'DecompressionStream', 'Blob', 'Headers', 'Response', 'RequestInit', 'fetch',
  'MessageChannel', 'MessagePort',
];

// ---------------------------------------------------------------- layers
// Folder patterns from the repository root; the first that matches a file
// names its layer. Keep them general: new files in these folders join their
// layer without touching this list.
const elements = [
  { type: 'core', pattern: 'src/core', partialMatch: false },
  { type: 'app', pattern: 'src/app', partialMatch: false },
  { type: 'lib', pattern: 'src/lib', partialMatch: false },
  { type: 'components', pattern: 'src/components', partialMatch: false },
  { type: 'views', pattern: 'src/views', partialMatch: false },
  { type: 'cli', pattern: 'src/cli', partialMatch: false },
  // Test doubles and test hooks that only e2e builds and tests load.
  { type: 'testing', pattern: 'src/testing', partialMatch: false },
  { type: 'workers', pattern: 'workers', partialMatch: false },
  { type: 'scripts', pattern: 'scripts', partialMatch: false },
  { type: 'evidence', pattern: 'evidence', partialMatch: false },
  { type: 'tests', pattern: 'tests', partialMatch: false },
  // Files directly in src/: db.ts (the Dexie schema) and the page's entry
  // (main.ts, App.svelte) are told apart by file category below.
  { type: 'shell', pattern: 'src', partialMatch: false },
];
// Files with a role of their own inside a layer.
const files = [
  { category: 'db', pattern: 'src/db.ts' },
  { category: 'protocol', pattern: 'workers/*.protocol.ts' },
  { category: 'svelte-state', pattern: 'src/**/*.svelte.ts' },
];

const to = (...types) => ({ to: { element: { types: types.length === 1 ? types[0] : { anyOf: types } } } });
const db = { to: { element: { type: 'shell' }, file: { categories: 'db' } } };
// A worker's protocol is a contract of types: both ends (the client in lib, the
// host in app) import it with `import type` only.
const protocol = { to: { element: { type: 'workers' }, file: { categories: 'protocol' } }, dependency: { kind: 'type' } };

const policies = [
  // core is the pure domain: only core.
  { from: { element: { type: 'core' } }, allow: to('core') },
  // app: application services over core and the database; never UI code and
  // no worker entry point (a service that hosts a worker's protocol uses its types).
  { from: { element: { type: 'app' } }, allow: to('core', 'app') },
  { from: { element: { type: 'app' } }, allow: db },
  { from: { element: { type: 'app' } }, allow: protocol },
  // workers: entry points and protocols, wiring app, core and db (and the
  // browser clients of other workers, e.g. the models client; not UI state).
  { from: { element: { type: 'workers' } }, allow: to('core', 'app', 'workers', 'lib', 'testing') },
  { from: { element: { type: 'workers' } }, allow: db },
  { from: { element: { type: 'workers' } }, disallow: { to: { element: { type: 'lib' }, file: { categories: 'svelte-state' } } } },
  // lib: UI state and browser clients; workers only through their protocols.
  { from: { element: { type: 'lib' } }, allow: to('core', 'lib') },
  { from: { element: { type: 'lib' } }, allow: db },
  { from: { element: { type: 'lib' } }, allow: protocol },
  // ...and the test doubles, which e2e builds load through a dynamic import (or as types).
  { from: { element: { type: 'lib' } }, allow: to('testing') },
  // testing: test doubles over any runtime layer, never the Svelte components.
  { from: { element: { type: 'testing' } }, allow: to('core', 'app', 'lib', 'testing') },
  { from: { element: { type: 'testing' } }, allow: db },
  { from: { element: { type: 'testing' } }, allow: protocol },
  // components and views: Svelte over lib, core and components.
  { from: { element: { type: 'components' } }, allow: to('core', 'lib', 'components') },
  { from: { element: { type: 'views' } }, allow: to('core', 'lib', 'components', 'views') },
  // The page's entry (main.ts, App.svelte) and db.ts.
  { from: { element: { type: 'shell' } }, allow: to('core', 'lib', 'components', 'views', 'shell') },
  // cli: Node, over core and app.
  { from: { element: { type: 'cli' } }, allow: to('core', 'app', 'cli') },
  // scripts, evidence and tests may use every layer.
  { from: { element: { types: { anyOf: ['scripts', 'evidence', 'tests'] } } }, allow: { to: { element: { types: '*' } } } },
  { from: { element: { types: { anyOf: ['scripts', 'evidence', 'tests'] } } }, allow: { to: { module: { origin: 'local' } } } },
  // npm packages and Node built-ins (origin 'core') are not layers...
  { allow: { to: { module: { origin: 'external' } } } },
  { allow: { to: { module: { origin: 'core' } } } },
  // ...but Node's built-ins only where Node runs: not in core, app, workers or the UI.
  {
    from: { element: { types: { anyOf: ['core', 'app', 'workers', 'lib', 'components', 'views', 'shell', 'testing'] } } },
    disallow: { to: { module: { origin: 'core' } } },
  },
  // ...and Svelte only in the UI: core, app and the workers run in Node too.
  {
    from: { element: { types: { anyOf: ['core', 'app', 'workers', 'cli'] } } },
    disallow: { to: { module: { origin: 'external', source: 'svelte{,/**}' } } },
  },
];

export default defineConfig(
  // Build outputs and data (as in .gitignore), public/ (copied as is), declaration files.
  {
    ignores: [
      'node_modules/', 'dist/', 'dist-*/', 'dev-dist/', 'test-results/', 'playwright-report/', 'coverage/',
      'public/', 'data-cache/', '.cache/', '.claimlens/', '.gl/', '.whl/', '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    rules: {
      // A leading underscore marks a value left unused on purpose (a dropped
      // property in a rest destructuring, a callback parameter a signature needs).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.{js,mjs,ts,svelte}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': files,
      'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export'],
      'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'] } },
    },
    rules: {
      // checkAllOrigins: npm packages and node: built-ins go through the policies too.
      'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true, policies }],
    },
  },
  // workers/ holds entry points (*.worker.ts, and build variants such as
  // *.worker.e2e.ts) and their protocols (*.protocol.ts) only.
  {
    files: ['workers/**'],
    ignores: ['workers/*.worker.ts', 'workers/*.worker.*.ts', 'workers/*.protocol.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'workers/ holds only entry points (*.worker.ts) and protocols (*.protocol.ts): move this code to src/app (services) or src/lib (browser clients).' },
      ],
    },
  },
  // Globals per layer. Core has none of the browser's or Node's: only the
  // web-platform APIs that src/core/platform.d.ts declares (the same list), and
  // no-undef (off for TypeScript elsewhere, where tsc checks names) makes any
  // other global an error here too.
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: Object.fromEntries(CORE_PLATFORM.map((name) => [name, 'readonly'])) },
    rules: { 'no-undef': ['error', { typeof: true }] },
  },
  { files: ['src/app/**', 'workers/**'], languageOptions: { globals: { ...globals.worker } } },
  { files: ['src/lib/**', 'src/components/**', 'src/views/**', 'src/*.{ts,svelte}'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['src/cli/**', 'scripts/**', 'evidence/**', 'bin/**', '*.config.{js,ts}'], languageOptions: { globals: { ...globals.node } } },
  { files: ['tests/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
