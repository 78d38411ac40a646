// Reading lessons as a researcher on a slow phone would: JavaScript off, then on to track progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, watchedPage } from './browser.mjs';
import { startMailbox } from './mailbox.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('without JavaScript: catalog in Portuguese, an episode, a solution, search for "clúster"', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/pt/courses`);
  assert.equal(await page.getAttribute('html', 'lang'), 'pt');
  await page.click('.course-card a[href$="/desktop-to-cluster"]');
  await page.waitForURL(/\/pt\/courses\/desktop-to-cluster$/);
  await page.click('ol.episodes a[href$="/06-slurm"]');
  await page.waitForURL(/06-slurm$/);
  assert.match(await page.textContent('h1'), /Slurm/);

  const solution = page.locator('details.block-solution').first();
  assert.equal(await solution.evaluate((d) => d.open), false, 'solutions start folded');
  await solution.locator('summary').click();
  assert.equal(await solution.evaluate((d) => d.open), true, 'a solution opens without JavaScript');
  assert.ok(await solution.locator(':scope > *:not(summary)').first().isVisible());

  await page.click('header >> text=Buscar');
  await page.fill('#q', 'clúster');
  await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
  const results = page.locator('ol.search-results li');
  assert.ok((await results.count()) > 0, 'the search finds lessons');
  assert.match(await page.textContent('ol.search-results'), /cluster/i);
  await context.close();
});

test('with JavaScript: mark an episode done and see it on the dashboard', async () => {
  const mailbox = await startMailbox(Number(process.env.PUENTE_E2E_SMTP_PORT) + 0).catch(() => null);
  const context = await browser.newContext({ locale: 'es-AR' });
  const page = await watchedPage(context);
  // A verified account, made the way a person makes one.
  const email = `lucia.${Date.now()}@uni.example`;
  await page.goto(`${BASE_URL}/es/signup`);
  await page.fill('#f-name', 'Lucía');
  await page.fill('#f-email', email);
  await page.fill('#f-password', 'una frase bastante larga');
  await page.selectOption('#f-country', 'AR');
  await page.fill('#f-institution', 'Universidad Nacional');
  await page.check('#f-conduct');
  await Promise.all([page.waitForURL(/signup\/sent/), page.click('main form button[type="submit"]')]);
  if (mailbox) {
    const mail = await mailbox.waitFor((m) => m.to.includes(email));
    await page.goto(mail.text.match(/https?:\/\/\S+\/verify\/\S+/)[0]);
    await Promise.all([page.waitForURL(/login\?verified=1/), page.click('main form button[type="submit"]')]);
    await mailbox.close();
  } else {
    await page.goto(`${BASE_URL}/es/login`);
  }
  await page.fill('#f-email', email);
  await page.fill('#f-password', 'una frase bastante larga');
  await Promise.all([page.waitForURL(/\/es\/dashboard$/), page.click('main form button[type="submit"]')]);

  await page.goto(`${BASE_URL}/es/courses/desktop-to-cluster/03-moving-data`);
  await Promise.all([page.waitForURL(/03-moving-data#done$/), page.click('#done button[type="submit"]')]);
  assert.match(await page.textContent('#done'), /Completado/);
  await page.goto(`${BASE_URL}/es/dashboard`);
  assert.match(await page.textContent('[data-testid="progress-desktop-to-cluster"]'), /1 de 8/);
  assert.match(await page.textContent('main'), /Continúa donde lo dejaste/);
  page.assertClean();
  await context.close();
});
