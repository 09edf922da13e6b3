// Debian's Chromium as every test and benchmark here launches it: the flags
// the workplace needs (no sandbox), a browser that stays quiet (README,
// "Running a quiet browser for demos"), plus WebGPU on SwiftShader.
// CHROMIUM_PATH overrides the binary.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser features that talk to Google's servers on their own. Chromium keeps
 * only the last --disable-features switch, and Playwright passes its own
 * (playwright-core's chromiumSwitches.ts), so its list is repeated here first.
 */
export const QUIET_DISABLED_FEATURES = [
  // Playwright's own list (playwright-core 1.65).
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints', // optimization hints downloaded at startup
  'NetworkTimeServiceQuerying', // clients2.google.com
  'AimEnabled',
  'PreconnectToSearch',
  // Ours.
  'AutofillServerCommunication', // content-autofill.googleapis.com, prompted by form fields
  'Translate', // translation ranker and language models
];

/** Flags that keep the browser from contacting anything but the pages it is sent to. */
export const QUIET_ARGS = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${QUIET_DISABLED_FEATURES.join(',')}`,
  // Two services that still call out with the flags above: the account check
  // (accounts.google.com/ListAccounts) and the component updater
  // (update.googleapis.com). Point them at a closed port on this machine.
  '--gaia-url=http://127.0.0.1:9',
  '--component-updater=url-source=http://127.0.0.1:9/',
];

export const CHROMIUM_ARGS = ['--no-sandbox', ...QUIET_ARGS, '--enable-unsafe-webgpu'];
