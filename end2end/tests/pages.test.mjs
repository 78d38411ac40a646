// Pages as shared copies: what an anonymous reader gets is valid HTML (W3C's Nu checker, zero
// errors and zero warnings), and the shared copies' policy still stops a script someone
// manages to inject, while Puente's own loader (allowed by its hash) runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { BASE_URL, launch } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PAGES = [
  '/es/', '/pt/courses', '/es/courses/desktop-to-cluster', '/pt/courses/desktop-to-cluster/06-slurm',
  '/en/glossary', '/es/search?q=slurm', '/es/login', '/pt/signup', '/es/conduct', '/pt/privacy',
];

test('home, catalog, course, episode, glossary, search, login, sign-up, conduct and privacy are valid HTML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'puente-vnu-'));
  try {
    const files = [];
    for (const [i, path] of PAGES.entries()) {
      const res = await fetch(`${BASE_URL}${path}`);
      assert.equal(res.status, 200, path);
      const file = join(dir, `${i}.html`);
      writeFileSync(file, await res.text());
      files.push(file);
    }
    const jar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
    let out;
    try {
      out = execFileSync('java', ['-jar', jar, '--format', 'json', '--stdout', ...files], { encoding: 'utf8' });
    } catch (e) {
      out = e.stdout; // vnu exits 1 when it has something to say
    }
    const messages = JSON.parse(out).messages.map((m) => {
      const page = PAGES[Number(m.url.split('/').pop().replace('.html', ''))];
      return `${page}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message} «${m.extract ?? ''}»`;
    });
    assert.deepEqual(messages, [], 'no errors and no warnings');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the policy of a shared page stops an injected inline script and lets the loader run', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const episode = `${BASE_URL}/pt/courses/desktop-to-cluster/06-slurm`;
  // Make sure the copy is shared, then serve it with one inline script slipped into its body,
  // under the very headers (and policy) Puente sent with it.
  await fetch(episode);
  let served;
  await page.route(episode, async (route) => {
    const res = await route.fetch();
    served = res.headers();
    const body = (await res.text()).replace('</main>', '<script>window.__injected = true;</script></main>');
    await route.fulfill({ response: res, body });
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    // The loader looks for islands first: count that it ran.
    const original = Document.prototype.querySelectorAll;
    Document.prototype.querySelectorAll = function (selector) {
      if (selector === 'leptos-island') window.__loaderRan = true;
      return original.call(this, selector);
    };
  });
  await page.goto(episode);
  assert.equal(served['x-puente-cache'], 'hit', 'the shared copy');
  assert.match(served['content-security-policy'], /script-src 'self' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(served['content-security-policy'], /nonce|unsafe-inline/);
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'the injected script did not run');
  assert.equal(await page.evaluate(() => window.__loaderRan), true, "Puente's own loader ran");
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, ['script-src-elem inline'], 'one violation: the injected inline script');
  await context.close();
});
