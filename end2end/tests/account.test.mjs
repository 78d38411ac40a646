// A new person, in Portuguese: sign up → email on a real SMTP server → confirm → log in →
// turn on two-step login → log out → log in with the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, watchedPage } from './browser.mjs';
import { startMailbox, totp } from './mailbox.mjs';

const SMTP_PORT = Number(process.env.PUENTE_E2E_SMTP_PORT);
let browser;
let mailbox;
before(async () => {
  assert.ok(SMTP_PORT > 0, 'PUENTE_E2E_SMTP_PORT is set by scripts/test.sh');
  mailbox = await startMailbox(SMTP_PORT);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await mailbox?.close();
});

test('sign up, confirm, log in and use two-step login, all in Portuguese', async () => {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await watchedPage(context);
  const email = `joana.${Date.now()}@universidade.example`;
  const password = 'minha frase secreta longa';

  await page.goto(`${BASE_URL}/`);
  assert.equal(new URL(page.url()).pathname, '/pt/');
  await page.click('header >> text=Criar conta');
  assert.equal(await page.getAttribute('html', 'lang'), 'pt');
  await page.fill('#f-name', 'Joana Silva');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await page.selectOption('#f-country', 'BR');
  await page.fill('#f-institution', 'Universidade Federal de Exemplo');
  await page.check('#f-conduct');
  await Promise.all([page.waitForURL(/\/pt\/signup\/sent$/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('h1'), /Confira seu e-mail/);

  const mail = await mailbox.waitFor((m) => m.to.includes(email));
  assert.match(mail.subject, /Confirme seu e-mail/);
  const link = mail.text.match(/https?:\/\/\S+\/pt\/verify\/\S+/)[0];
  await page.goto(link);
  await Promise.all([page.waitForURL(/\/pt\/login\?verified=1/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('main'), /e-mail foi confirmado|confirmado/i);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  // Logged in: "my learning", the place to go on from.
  await Promise.all([page.waitForURL(/\/pt\/dashboard$/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('header'), /Joana Silva/);
  await page.click('header .account-nav >> text=Joana Silva');
  await page.waitForURL(/\/pt\/account$/);

  await page.click('text=Configurar');
  await page.waitForURL(/\/pt\/account\/2fa$/);
  const secret = (await page.textContent('[data-testid="totp-secret"]')).trim();
  await page.fill('#f-code', totp(secret));
  await Promise.all([page.waitForLoadState('load'), page.click('main form button[type="submit"]')]);
  const codes = await page.locator('[data-testid="recovery-codes"] li').count();
  assert.equal(codes, 10);

  await Promise.all([page.waitForURL(`${BASE_URL}/pt/`), page.click('header button:has-text("Sair")')]);
  assert.match(await page.textContent('header'), /Entrar/);

  await page.click('header >> text=Entrar');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL(/\/pt\/login\/code/), page.click('main form button[type="submit"]')]);
  assert.match(await page.textContent('h1'), /duas etapas/i);
  // The next step's code: the one that turned two-step login on works only once.
  await page.fill('#f-code', totp(secret, Date.now() + 30_000));
  await Promise.all([page.waitForURL(/\/pt\/dashboard$/), page.click('main form button[type="submit"]')]);
  await page.goto(`${BASE_URL}/pt/account`);
  assert.match(await page.textContent('main'), /login em duas etapas está ativado/i);
  page.assertClean();
  await context.close();
});
