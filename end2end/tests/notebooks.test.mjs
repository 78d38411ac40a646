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
  await Promise.all([page.waitForURL(/\/es\/account/), page.click('main form button[type="submit"]')]);

  await page.goto(`${BASE_URL}/es/courses/desktop-to-cluster/06-slurm`);
  page.assertClean();
  // Launch: the progress page follows the launch live, then hands over to the notebook origin.
  await Promise.all([
    page.waitForURL(/\/es\/notebooks\/u\d+-python/),
    page.click('form.launch-form button[type="submit"]'),
  ]);
  assert.match(await page.textContent('h1'), /Iniciando tu notebook/);
  await page.waitForURL(/^http:\/\/nb\.localhost:\d+\/user\/u\d+-python\/lab\/tree\/desktop-to-cluster\/06-slurm\/notebooks\/job-efficiency\.ipynb/, { timeout: 90_000 });

  // JupyterLab shows the episode's notebook, with its kernel.
  await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 90_000 });
  assert.match(await page.textContent('.lm-TabBar-tab.jp-mod-current'), /job-efficiency\.ipynb/);
  // A new cell: 6*7.
  await page.click('.jp-NotebookPanel .jp-Cell >> nth=-1');
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.type('6*7');
  await page.keyboard.press('Escape');
  // Run the whole notebook from the Run menu: the episode's data loads, and our cell answers.
  await page.click('#jp-MainMenu >> text=Run');
  await page.click('text=Run All Cells');
  await page.waitForFunction(
    () => [...document.querySelectorAll('.jp-OutputArea-output')].some((o) => o.textContent.trim() === '42'),
    null,
    { timeout: 90_000 },
  );
  await page.waitForSelector('.jp-OutputArea-output table', { timeout: 60_000 });
  await context.close();
});
