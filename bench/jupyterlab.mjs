// JupyterLab over a slow link, through Puente's notebook proxy (bench/jupyterlab.sh starts Puente
// as the run command does and points this at it). A learner signs up, launches the default
// notebook from an episode; then, in a browser with an empty cache, JupyterLab is opened through
// Puente (cold), and opened again in the same browser (warm). Chromium's own network log counts
// the bytes on the wire (headers included) and the bytes after decoding. Then the cold load is
// repeated at 400 kbit/s (Chromium's network emulation) and timed until the notebook shows.
// Prints numbers; asserts only that each load reached JupyterLab.
import { createRequire } from 'node:module';
const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { startMailbox } = await import('../end2end/tests/mailbox.mjs');

const BASE = process.env.PUENTE_BASE_URL;
const mailbox = await startMailbox(Number(process.env.PUENTE_E2E_SMTP_PORT));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run'],
});

// A learner, verified and logged in (as the end2end tests make one); the notebook launched
// from an episode and ready.
const { people } = await import('../end2end/tests/people.mjs');
const setup = await browser.newContext({ locale: 'es-MX' });
const page = await people(mailbox).newPerson(setup, { name: 'Banca', email: `bench.${Date.now()}@uni.example`, lang: 'es' });
await page.goto(`${BASE}/es/courses/desktop-to-cluster/06-slurm`);
const [nb] = await Promise.all([setup.waitForEvent('page'), page.click('form.launch-form button[type="submit"]')]);
await nb.waitForURL(/\/lab\/tree\//, { timeout: 120_000 });
await nb.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 120_000 });
const lab = nb.url();
const key = lab.match(/\/user\/(u\d+-python)\//)[1];
const state = await setup.storageState();
await setup.close();

/// Opens JupyterLab through Puente (the ticket hand-over, then the lab) and counts the bytes.
async function load(context, label, throttle) {
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send('Network.enable');
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 80, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8,
    });
  }
  const wire = new Map();
  const decoded = new Map();
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
  cdp.on('Network.loadingFinished', (e) => wire.set(e.requestId, e.encodedDataLength));
  const started = Date.now();
  await p.goto(`${BASE}/es/notebooks/${key}?go=1`, { timeout: 600_000 });
  await p.waitForURL(/\/user\/u\d+-python\/lab/, { timeout: 600_000 });
  await p.waitForSelector('.jp-NotebookPanel .jp-Cell, .jp-Launcher', { timeout: 600_000 });
  const shown = Date.now() - started;
  await p.waitForLoadState('networkidle', { timeout: 600_000 });
  let bytes = 0; let plain = 0; let count = 0; let largest = ['', 0];
  for (const [id, n] of wire) {
    bytes += n; plain += decoded.get(id) ?? 0; count += 1;
    if (n > largest[1]) largest = [urls.get(id) ?? '', n];
  }
  await p.close();
  return { label, count, bytes, plain, shown, largest };
}

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const cold = await browser.newContext({ storageState: state, locale: 'es-MX' });
const first = await load(cold, 'cold (empty browser cache)');
const second = await load(cold, 'warm (same browser, opened again)');
await cold.close();
const slow = await browser.newContext({ storageState: state, locale: 'es-MX' });
const slowCold = await load(slow, 'cold at 400 kbit/s (Chromium network emulation, 80 ms latency)', true);
const slowWarm = await load(slow, 'warm at 400 kbit/s', true);
await slow.close();

console.log('== JupyterLab through the proxy ==');
console.log('| load | requests | on the wire | decoded | at 400 kbit/s (from bytes) | until the notebook shows |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of [first, second, slowCold, slowWarm]) {
  console.log(`| ${r.label} | ${r.count} | ${mb(r.bytes)} | ${mb(r.plain)} | ${(r.bytes * 8 / 400_000).toFixed(1)} s | ${(r.shown / 1000).toFixed(1)} s |`);
}
console.log(`largest cold transfer: ${first.largest[0].replace(/\?.*/, '')} ${kib(first.largest[1])}`);
await browser.close();
await mailbox.close();
