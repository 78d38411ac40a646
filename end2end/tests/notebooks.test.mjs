// A new learner launches an episode's notebook: log in → episode → Launch → progress →
// JupyterLab (on the separate notebook origin) shows that episode's notebook → run a cell → 42.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, watchedPage } from './browser.mjs';
import { startMailbox } from './mailbox.mjs';

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

test('launch a notebook from an episode and run a cell in JupyterLab', { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await watchedPage(context);
  const email = `marta.${Date.now()}@uni.example`;
  const password = 'una frase bastante larga';
  await page.goto(`${BASE_URL}/es/signup`);
  await page.fill('#f-name', 'Marta');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await page.selectOption('#f-country', 'MX');
  await page.fill('#f-institution', 'UNAM');
  await page.check('#f-conduct');
  await Promise.all([page.waitForURL(/signup\/sent/), page.click('main form button[type="submit"]')]);
  const mail = await mailbox.waitFor((m) => m.to.includes(email));
  await page.goto(mail.text.match(/https?:\/\/\S+\/verify\/\S+/)[0]);
  await Promise.all([page.waitForURL(/login\?verified=1/), page.click('main form button[type="submit"]')]);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL(/\/es\/dashboard$/), page.click('main form button[type="submit"]')]);

  await page.goto(`${BASE_URL}/es/courses/desktop-to-cluster/06-slurm`);
  page.assertClean();
  // Launch opens a new tab (the lesson stays in this one): the progress page follows the launch
  // live, then hands over to the server's own origin.
  const [nb] = await Promise.all([
    context.waitForEvent('page'),
    page.click('form.launch-form button[type="submit"]'),
  ]);
  nb.on('pageerror', (err) => { throw err; });
  await nb.waitForURL(/\/es\/notebooks\/u\d+-python/);
  assert.match(await nb.textContent('h1'), /Iniciando tu notebook|Tu notebook está listo/);
  await nb.waitForURL(/^http:\/\/u\d+-python\.nb\.localhost:\d+\/user\/u\d+-python\/lab\/tree\/desktop-to-cluster\/06-slurm\/notebooks\/job-efficiency\.ipynb/, { timeout: 90_000 });

  // JupyterLab shows the episode's notebook, with its kernel, in Spanish.
  await nb.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 90_000 });
  assert.match(await nb.textContent('.lm-TabBar-tab.jp-mod-current'), /job-efficiency\.ipynb/);
  assert.match(await nb.textContent('#jp-MainMenu'), /Archivo/);
  // A new cell: 6*7.
  await nb.click('.jp-NotebookPanel .jp-Cell >> nth=-1');
  await nb.keyboard.press('Escape');
  await nb.keyboard.press('b');
  await nb.keyboard.press('Enter');
  await nb.keyboard.type('6*7');
  await nb.keyboard.press('Escape');
  // Run the whole notebook from the Run menu: the episode's data loads, and our cell answers.
  // (The es_ES language pack 4.5 leaves a few menu titles, "Run" among them, in English.)
  await nb.locator('#jp-MainMenu .lm-MenuBar-item', { hasText: /^(Ejecutar|Run)$/ }).click();
  await nb.locator('.lm-Menu-item', { hasText: /^(Ejecutar todas las celdas|Run All Cells)/ }).first().click();
  await nb.waitForFunction(
    () => [...document.querySelectorAll('.jp-OutputArea-output')].some((o) => o.textContent.trim() === '42'),
    null,
    { timeout: 90_000 },
  );
  await nb.waitForSelector('.jp-OutputArea-output table', { timeout: 60_000 });
  // The lesson is still in the first tab.
  assert.match(page.url(), /\/es\/courses\/desktop-to-cluster\/06-slurm/);
  await context.close();
});
