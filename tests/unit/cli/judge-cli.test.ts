// claimlens eval|check|calibrate with --verifier llm against a local
// OpenAI-compatible SSE server started here (tests/support/judge-server.ts),
// and servers that are down, answer HTML, or are not OpenAI-compatible.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/claimlens.ts';
import { defaultCalibrationPath, readCalibration } from '../../../src/cli/judge.ts';
import { startJudgeServer, type JudgeBehaviour, type JudgeTestServer } from '../../support/judge-server.ts';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const servers: JudgeTestServer[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function judgeServer(behave?: (claim: string) => JudgeBehaviour) {
  const s = await startJudgeServer(['baichuan-inc/Baichuan-M2-32B']);
  if (behave) s.behave = behave;
  s.tokenDelayMs = 1;
  servers.push(s);
  return s;
}

const dir = mkdtempSync(join(tmpdir(), 'claimlens-judge-cli-'));
const GLAUCOMA = "Glaucoma can damage the eye's optic nerve and result in vision loss and blindness.";
const CATARACT = 'A cataract is a clouding of the lens in the eye that affects vision.';
const rows = [
  { id: '1', claim: 'Glaucoma can damage the optic nerve.', label: 'supported', evidence: [CATARACT, GLAUCOMA] },
  { id: '2', claim: 'Glaucoma cannot damage the optic nerve.', label: 'contradicted', evidence: [GLAUCOMA] },
  { id: '3', claim: 'A cataract is a clouding of the lens.', label: 'supported', evidence: [CATARACT] },
  { id: '4', claim: 'A cataract is not a clouding of the lens.', label: 'contradicted', evidence: [CATARACT] },
  { id: '5', claim: 'Insulin is made in the pancreas.', label: 'unverifiable', evidence: [CATARACT] },
  { id: '6', claim: 'Glaucoma results in vision loss.', label: 'supported', evidence: [GLAUCOMA] },
  { id: '7', claim: 'A cataract affects vision.', label: 'supported', evidence: [CATARACT] },
  { id: '8', claim: 'Glaucoma never causes blindness.', label: 'contradicted', evidence: [GLAUCOMA] },
];
const input = join(dir, 'claims.jsonl');
writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n'));
const corpusFile = join(dir, 'eyes.jsonl');
writeFileSync(
  corpusFile,
  [
    { id: 'g1', title: 'Glaucoma', text: GLAUCOMA },
    { id: 'c1', title: 'Cataract', text: CATARACT },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

/** The metrics block's shape: its lines without the first (name, speed), the judge line and the reliability rows, numbers masked. */
const block = (out: string) =>
  out
    .split('\n')
    .slice(1)
    .filter((l) => !/model judge/.test(l) && !/^\s+[\d.]+–[\d.]+\s/.test(l))
    .map((l) => l.replace(/[\d.]+/g, '#'))
    .join('\n');

describe('claimlens eval --verifier llm', () => {
  it('prints the same metrics block as the offline verifier, with the fallback count; --out keeps the judge figures', async () => {
    const server = await judgeServer((c) => (c === 'A cataract affects vision.' ? 'malformed' : c.startsWith('Glaucoma never') ? 'drop' : c.startsWith('Insulin') ? 'think' : 'json'));
    const out = join(dir, 'eval-llm.json');
    const judge = await run(['eval', '--input', input, '--verifier', 'llm', '--server', server.url, '--model', 'baichuan-inc/Baichuan-M2-32B', '--out', out]);
    expect(judge.err).toBe('');
    expect(judge.code).toBe(0);
    const offline = await run(['eval', '--input', input]);
    expect(block(judge.out)).toBe(block(offline.out));
    expect(judge.out).toMatch(/oracle, bm25 \+ llm judge baichuan-inc\/Baichuan-M2-32B, \d+ claims\/s/);
    expect(judge.out).toMatch(/model judge baichuan-inc\/Baichuan-M2-32B at http:\/\/127\.0\.0\.1:\d+: 6 judged, fallbacks 2 \(malformed 1, stream 1\) to the offline verifier; 8 requests/);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.judge).toMatchObject({ judged: 6, fallbacks: 2, fallback_kinds: { malformed: 1, stream: 1 }, requests: 8 });
    expect(m.method).toMatchObject({ verifier: 'llm', judge: expect.stringContaining('baichuan-inc/Baichuan-M2-32B @ http://127.0.0.1:') });
    // The scripted judge is right on every claim it answered.
    for (const p of m.predictions) if (p.fallback === false) expect(p.predicted, p.id).toBe(p.gold);
    expect(m.predictions.filter((p: { fallback?: boolean }) => p.fallback).map((p: { id: string }) => p.id)).toEqual(['7', '8']);
    expect(server.maxInFlight).toBeGreaterThan(1); // claims went to the server several at a time (limit 4)
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('--thinking-tokens sets the output budget; --thinking off asks the template not to think', async () => {
    const server = await judgeServer();
    const one = join(dir, 'one.jsonl');
    writeFileSync(one, JSON.stringify(rows[0]));
    const base = ['eval', '--input', one, '--verifier', 'llm', '--server', server.url, '--model', 'baichuan-inc/Baichuan-M2-32B'];
    expect((await run([...base, '--thinking-tokens', '300'])).code).toBe(0);
    expect(server.requests[0].max_tokens).toBe(300 + 160 + 16);
    expect(server.requests[0].chat_template_kwargs).toBeUndefined();
    expect((await run([...base, '--thinking', 'off'])).code).toBe(0);
    expect(server.requests[1].max_tokens).toBe(160 + 16);
    expect(server.requests[1].chat_template_kwargs).toEqual({ enable_thinking: false, thinking_mode: 'off' });
    const bad = await run([...base, '--thinking-tokens', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--thinking-tokens must be a whole number/);
  });

  it('check --verifier llm shows the judge reason and the fallback count', async () => {
    const server = await judgeServer();
    const r = await run(['check', '--text', 'Glaucoma can damage the optic nerve. A cataract is not a clouding of the lens.', '--corpus', corpusFile, '--verifier', 'llm', '--server', server.url + '/v1', '--model', 'baichuan-inc/Baichuan-M2-32B']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 claims: 1 supported, 1 contradicted, 0 unverifiable .*; judge fallbacks 0; \d+ ms/);
    expect(r.out).toMatch(/why: Supported \(model judge baichuan-inc\/Baichuan-M2-32B, citing evidence \[1\]\)/);
  });

  it('a batch run: check --input answers.jsonl --verifier llm writes every report with its fallback count', async () => {
    const server = await judgeServer((c) => (c.startsWith('A cataract is not') ? 'refusal' : 'json'));
    const answers = join(dir, 'answers.jsonl');
    writeFileSync(
      answers,
      [
        { id: 'a1', text: 'Glaucoma can damage the optic nerve. A cataract is not a clouding of the lens.' },
        { id: 'a2', text: 'A cataract is a clouding of the lens.', evidence: [CATARACT] },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const out = join(dir, 'batch.json');
    const r = await run(['check', '--input', answers, '--corpus', corpusFile, '--verifier', 'llm', '--server', server.url, '--model', 'baichuan-inc/Baichuan-M2-32B', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^a1: 2 claims: .*judge fallbacks 1;/m);
    expect(r.out).toMatch(/^a2: 1 claims: 1 supported, .*judge fallbacks 0;/m);
    const { results } = JSON.parse(readFileSync(out, 'utf8'));
    expect(results[0].report.claims[1]).toMatchObject({ fallback: true });
    expect(results[0].report.claims[1].reason).toMatch(/declined to judge/);
    expect(results[0].report.method).toMatchObject({ verifier: 'llm' });
  });

  it('a server that is down, answers HTML, or is not OpenAI-compatible: one line and a non-zero exit', async () => {
    const args = (url: string) => ['eval', '--input', input, '--verifier', 'llm', '--server', url, '--model', 'baichuan-inc/Baichuan-M2-32B'];
    const down = await run(args('http://127.0.0.1:9'));
    expect(down.code).toBe(1);
    expect(down.err.split('\n')).toHaveLength(1);
    expect(down.err).toMatch(/^claimlens: The model server is not reachable at http:\/\/127\.0\.0\.1:9/);

    const html = await judgeServer();
    html.htmlEverywhere = true;
    const h = await run(args(html.url));
    expect(h.code).toBe(1);
    expect(h.err.split('\n')).toHaveLength(1);
    expect(h.err).toMatch(/^claimlens: .*HTML page \("502 Bad Gateway"\).*not JSON/);

    // Answers JSON, but not the OpenAI API.
    const other = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status": "ok", "version": "1.2"}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => other.close(() => r())));
    const o = await run(args(`http://127.0.0.1:${(other.address() as AddressInfo).port}`));
    expect(o.code).toBe(1);
    expect(o.err.split('\n')).toHaveLength(1);
    expect(o.err).toMatch(/^claimlens: .*answered the model list with JSON of another shape \(data: missing\)/);

    // The model is not served there.
    const s = await judgeServer();
    const nf = await run(['eval', '--input', input, '--verifier', 'llm', '--server', s.url, '--model', 'no-such-model']);
    expect(nf.code).toBe(1);
    expect(nf.err).toMatch(/does not serve "no-such-model"/);

    const missing = await run(['eval', '--input', input, '--verifier', 'llm']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/needs --server URL/);
  });
});

describe('claimlens calibrate', () => {
  it('llm: fits the judge confidence and thresholds, prints before/after, saves a file that eval then reads', async () => {
    const server = await judgeServer();
    const file = join(dir, 'cal-llm.json');
    const r = await run(['calibrate', '--verifier', 'llm', '--input', input, '--server', server.url, '--model', 'baichuan-inc/Baichuan-M2-32B', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^calibrate llm \(baichuan-inc\/Baichuan-M2-32B\) on .*: n=8; confidence supported 0\.833, contradicted 0\.8, unverifiable 0\.667; thresholds supported [\d.]+, contradicted [\d.]+/);
    expect(r.out).toMatch(/\nbefore +accuracy +100\.0%/);
    expect(r.out).toMatch(/\nafter +accuracy +100\.0%/);
    expect(r.out).toMatch(/fallbacks 0/);
    const cal = JSON.parse(readFileSync(file, 'utf8'));
    expect(cal).toMatchObject({ format: 'claimlens-calibration', version: 1, verifier: 'llm', model: 'baichuan-inc/Baichuan-M2-32B', fittedOn: { n: 8 } });
    const e = await run(['eval', '--input', input, '--verifier', 'llm', '--server', server.url, '--model', 'baichuan-inc/Baichuan-M2-32B', '--calibration', file]);
    expect(e.code).toBe(0);
    expect(e.err).toMatch(/^calibration: .*cal-llm\.json \(cal t- /);
    expect(e.out).toMatch(/llm judge baichuan-inc\/Baichuan-M2-32B \(calibrated\)/);
    // Another model: refused with one line.
    const wrong = await run(['eval', '--input', input, '--verifier', 'llm', '--server', server.url, '--model', 'baichuan-inc/Baichuan-M2-32B', '--calibration', join(dir, 'missing.json')]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/Calibration file not found/);
  });

  it('features: fits a temperature and thresholds; eval --calibration applies them (another cache key, same metrics block)', async () => {
    const file = join(dir, 'cal-features.json');
    const r = await run(['calibrate', '--verifier', 'features', '--input', input, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^calibrate features on .*: n=8; temperature [\d.]+; thresholds supported [\d.]+, contradicted [\d.]+/);
    const cal = readCalibration('features', file);
    expect(cal?.calibration.temperature).toBeGreaterThan(0);
    expect(cal?.calibration.metricsAfter.macro_f1).toBeGreaterThanOrEqual(cal!.calibration.metricsBefore.macro_f1);
    const e = await run(['eval', '--input', input, '--calibration', file, '--out', join(dir, 'eval-cal.json')]);
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/bm25 \+ features \(calibrated\)/);
    // The fitted figures are the ones eval then measures.
    const m = JSON.parse(readFileSync(join(dir, 'eval-cal.json'), 'utf8'));
    expect(m.macro_f1).toBeCloseTo(cal!.calibration.metricsAfter.macro_f1, 10);
    expect(m.method.calibration).toContain('cal-features.json');
    // A calibration of another verifier is refused.
    const bad = await run(['eval', '--input', input, '--verifier', 'llm', '--server', 'http://127.0.0.1:9', '--model', 'm', '--calibration', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/calibrates the features verifier, not llm/);
  });

  it('nli (the test NLI model): fits a temperature and thresholds on its probabilities; eval applies them; another NLI model is refused', async () => {
    const file = join(dir, 'cal-nli.json');
    const r = await run(['calibrate', '--verifier', 'nli', '--input', input, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^calibrate nli \(fixtures\/claimlens-fixture-nli\) on .*: n=8; temperature [\d.]+; thresholds/);
    expect(r.out).toMatch(/does not import an NLI calibration/);
    const cal = readCalibration('nli', file)!.calibration;
    const e = await run(['eval', '--input', input, '--verifier', 'nli', '--calibration', file, '--out', join(dir, 'eval-nli.json')]);
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/bm25 \+ nli \(calibrated\)/);
    expect(JSON.parse(readFileSync(join(dir, 'eval-nli.json'), 'utf8')).macro_f1).toBeCloseTo(cal.metricsAfter.macro_f1, 10);
    const other = await run(['eval', '--input', input, '--verifier', 'nli', '--nli', 'fixtures/claimlens-fixture-nli-long', '--calibration', file]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/was fitted for the NLI model fixtures\/claimlens-fixture-nli, not fixtures\/claimlens-fixture-nli-long/);
  });

  it('the default location is .claimlens/calibration-<verifier>.json in the working directory', () => {
    expect(defaultCalibrationPath('nli', '/tmp/x')).toBe('/tmp/x/.claimlens/calibration-nli.json');
    expect(readCalibration('nli', undefined, dir)).toBeUndefined();
  });
});
