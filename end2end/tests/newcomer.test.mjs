// A Brazilian researcher's first hour, on a phone: home → course → episode (the notebook box
// near the top) → sign up → confirm → launch → JupyterLab in Portuguese, no news prompt, the
// side bar closed → run a cell → back to the lesson → dashboard. Puente runs exactly as the
// README's run command configures it (scripts/test.sh starts it with the same defaults).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE_URL, launch, watchedPage } from './browser.mjs';
import { startMailbox } from './mailbox.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'pt-BR',
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};

let browser;
let mailbox;
before(async () => {
  mailbox = await startMailbox(Number(process.env.PUENTE_E2E_SMTP_PORT));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await mailbox?.close();
});

async function axeClean(page, what) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(problems, [], what);
}

test('a newcomer on a phone: from the home page to a cell run in JupyterLab in Portuguese', { timeout: 240_000 }, async () => {
  // axe is injected as a script, which Puente's CSP rightly forbids; bypassed in this test only.
  const context = await browser.newContext({ ...PHONE, bypassCSP: true });
  const page = await watchedPage(context);

  // Home → the course the call to action names → a hands-on episode.
  await page.goto(`${BASE_URL}/`);
  await page.waitForURL(`${BASE_URL}/pt/`);
  await Promise.all([page.waitForURL(/\/pt\/courses\/desktop-to-cluster$/), page.click('.cta a.button >> nth=0')]);
  await Promise.all([
    page.waitForURL(/\/pt\/courses\/desktop-to-cluster\/06-slurm$/),
    page.click('ol.episodes a[href$="/06-slurm"]'),
  ]);
  // The notebook box is near the top, not at the end of a long lesson.
  const box = await page.locator('#notebook').boundingBox();
  assert.ok(box && box.y < 1200, `the notebook box starts at y=${box?.y}`);
  await axeClean(page, 'episode, anonymous, phone');

  // "Log in to open this notebook" → no account yet → sign up.
  await Promise.all([page.waitForURL(/\/pt\/login\?next=/), page.click('#notebook a.button')]);
  await Promise.all([page.waitForURL(/\/pt\/signup$/), page.click('main a[href="/pt/signup"]')]);
  const email = `joana.${Date.now()}@usp.example`;
  const password = 'uma frase bem comprida';
  await page.fill('#f-name', 'Joana');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await page.selectOption('#f-country', 'BR');
  await page.fill('#f-institution', 'USP');
  await page.check('#f-conduct');
  await Promise.all([page.waitForURL(/\/pt\/signup\/sent$/), page.click('main form button[type="submit"]')]);
  const mail = await mailbox.waitFor((m) => m.to.includes(email));
  assert.match(mail.subject, /Confirme/);
  await page.goto(mail.text.match(/https?:\/\/\S+\/verify\/\S+/)[0]);
  await Promise.all([page.waitForURL(/\/pt\/login\?verified=1/), page.click('main form button[type="submit"]')]);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL(/\/pt\/dashboard$/), page.click('main form button[type="submit"]')]);
  await axeClean(page, 'dashboard, phone');

  // Back to the episode; Launch opens the notebook in a new tab, the lesson stays in this one.
  await page.goto(`${BASE_URL}/pt/courses/desktop-to-cluster/06-slurm#notebook`);
  const [nb] = await Promise.all([context.waitForEvent('page'), page.click('form.launch-form button[type="submit"]')]);
  nb.on('pageerror', (err) => { throw err; });
  await nb.waitForURL(/\/pt\/notebooks\/u\d+-python/);
  // Each server on its own origin; a phone gets JupyterLab's simple interface.
  await nb.waitForURL(/^http:\/\/u\d+-python\.nb\.localhost:\d+\/user\/u\d+-python\/doc\/tree\/desktop-to-cluster\/06-slurm\/notebooks\/job-efficiency\.ipynb/, { timeout: 90_000 });
  await nb.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 90_000 });
  // In Portuguese …
  await nb.waitForFunction(() => document.documentElement.lang === 'pt-BR', null, { timeout: 30_000 });
  // … with the side bar closed, so the notebook has the screen …
  const sidebar = await nb.evaluate(() => {
    const left = document.querySelector('#jp-left-stack');
    return left ? left.getBoundingClientRect().width : 0;
  });
  assert.ok(sidebar < 50, `the file browser is closed on a phone (width ${sidebar})`);
  // … a cell runs …
  await nb.click('.jp-NotebookPanel .jp-Cell >> nth=-1');
  await nb.keyboard.press('Escape');
  await nb.keyboard.press('b');
  await nb.keyboard.press('Enter');
  await nb.keyboard.type('6*7');
  // The toolbar's run button, as a thumb would do it.
  await nb.waitForFunction(() => /Python 3.*(Idle|Inativo|Ocioso)/.test(document.body.textContent), null, { timeout: 60_000 });
  await nb.click('.jp-NotebookPanel-toolbar [data-command="notebook:run-cell-and-select-next"]');
  await nb.waitForFunction(
    () => [...document.querySelectorAll('.jp-OutputArea-output')].some((o) => o.textContent.trim() === '42'),
    null,
    { timeout: 90_000 },
  );
  // … and nobody asked about Jupyter news.
  const toasts = await nb.evaluate(() => [...document.querySelectorAll('.Toastify__toast, .jp-toast-message')].map((t) => t.textContent));
  assert.ok(!toasts.some((t) => /news|notícias|notifica/i.test(t)), `no news prompt: ${toasts}`);
  await nb.screenshot({ path: 'test-results/newcomer-jupyterlab-phone.png' });

  // Back to the lesson: it is still in its own tab.
  await page.bringToFront();
  assert.match(page.url(), /\/pt\/courses\/desktop-to-cluster\/06-slurm/);
  await page.click('.account-nav a[href="/pt/dashboard"]');
  await page.waitForURL(/\/pt\/dashboard$/);
  assert.match(await page.textContent('main'), /Do desktop ao cluster/);
  await axeClean(page, 'dashboard after the launch, phone');
  page.assertClean();
  await context.close();
});
