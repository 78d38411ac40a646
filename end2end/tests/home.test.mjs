// The foundation as a person meets it: Spanish home page, switch to Portuguese, use the island.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, watchedPage } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home in Spanish, switch to Portuguese, the check recommends the course, no wasm at all', async () => {
  const context = await browser.newContext({ locale: 'es-AR' });
  const page = await watchedPage(context);
  const wasm = [];
  page.on('request', (r) => { if (r.url().includes('/pkg/')) wasm.push(r.url()); });

  await page.goto(`${BASE_URL}/`);
  assert.match(new URL(page.url()).pathname, /^\/es\/$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  assert.equal(await page.textContent('h1#hero-heading').then((t) => t.length > 20), true);
  // A call to action: the first course and an account.
  assert.equal(await page.getAttribute('.cta a.button >> nth=0', 'href'), '/es/courses/desktop-to-cluster');
  assert.equal(await page.getAttribute('.cta a.button >> nth=1', 'href'), '/es/signup');

  await page.click('nav.lang-switch a[hreflang="pt"]');
  await page.waitForURL(`${BASE_URL}/pt/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'pt');
  assert.match(await page.textContent('nav[aria-label="Navegação principal"]'), /Início/);

  // The self-check is a form the server answers; the answer links the course to start.
  await page.check('#check-data-yes');
  await page.check('#check-time-yes');
  await page.check('#check-runs-no');
  await Promise.all([page.waitForURL(/data=yes&time=yes&runs=no/), page.click('form.check button[type="submit"]')]);
  assert.match(await page.textContent('[data-testid="check-result"]'), /dois ou mais sinais/);
  await Promise.all([page.waitForURL(/\/pt\/courses\/desktop-to-cluster$/), page.click('.check-result a.button')]);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(wasm, [], 'no page needs wasm: nothing was downloaded');
  page.assertClean();
  await context.close();
});

test('pages without islands load no wasm, and keyboard users can skip to the content', async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  const wasm = [];
  page.on('request', (r) => { if (r.url().includes('/pkg/')) wasm.push(r.url()); });
  await page.goto(`${BASE_URL}/en/privacy`);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(wasm, [], 'no wasm or glue JS on a page without islands');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(focused, '#main', 'the first Tab reaches the skip link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  page.assertClean();
  await context.close();
});

test('without JavaScript the cluster check still answers, through the form', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/en/`);
  await page.check('#check-data-no');
  await page.check('#check-time-no');
  await page.check('#check-runs-yes');
  await Promise.all([page.waitForNavigation(), page.click('form.check button[type="submit"]')]);
  assert.match(page.url(), /data=no&time=no&runs=yes/);
  assert.match(await page.textContent('[data-testid="check-result"]'), /one sign/i);
  await context.close();
});
