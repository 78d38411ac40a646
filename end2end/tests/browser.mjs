// Shared set-up for the browser tests: Debian's Chromium through playwright-core, the base URL
// from PUENTE_BASE_URL, and a hard failure on any console error or page error.
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.PUENTE_BASE_URL;
if (!BASE_URL) {
  throw new Error('PUENTE_BASE_URL is not set (scripts/test.sh starts Puente and sets it)');
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
    ],
  });
}

// A page that records console errors and uncaught exceptions; `assertClean` fails the test on any.
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  // A form sent wrong on purpose answers with its page and a 4xx status (422, 409); Chromium logs
  // that as a failed resource. Only such page answers are expected; a failing sub-resource is not.
  const pageAnswers = new Set();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'document' && res.status() >= 400 && res.status() < 500) pageAnswers.add(res.url());
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const answered = /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) && pageAnswers.has(msg.location()?.url);
    if (!answered) problems.push(`console ${msg.type()}: ${msg.text()} (${msg.location()?.url ?? ''})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A navigation cancels the previous page's downloads; that is not a failure.
    const reason = req.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} ${reason}`);
  });
  page.assertClean = () => {
    if (problems.length) throw new Error(problems.join('\n'));
  };
  return page;
}
