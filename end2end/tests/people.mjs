// People as the browser tests make them: a new account confirmed by email, two-step login, an
// administrator made on the command line as an operator does, a role granted in the admin
// pages; and the checks every page gets (axe-core, a form sent and its page loaded).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BASE_URL, watchedPage } from './browser.mjs';
import { totp } from './mailbox.mjs';

export const PASSWORD = 'una frase larga y secreta';
export const stamp = Date.now();
// axe is injected as a script, which Puente's CSP rightly forbids; contexts that run it bypass CSP.
const AXE_PATH = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));

export async function axeClean(page, what) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const problems = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(problems, [], `${what} is not accessible`);
}

export async function submit(page, selector = 'main form button[type="submit"]') {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click(selector)]);
}

export function people(mailbox) {
  /// A new account, confirmed by email, logged in.
  async function newPerson(context, { name, email, lang }) {
    const page = await watchedPage(context);
    await page.goto(`${BASE_URL}/${lang}/signup`);
    await page.fill('#f-name', name);
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await page.selectOption('#f-country', lang === 'pt' ? 'BR' : 'CO');
    await page.fill('#f-institution', lang === 'pt' ? 'UFRGS' : 'Universidad de Antioquia');
    await page.check('#f-conduct');
    await submit(page);
    const mail = await mailbox.waitFor((m) => m.to.includes(email) && /\/verify\//.test(m.text));
    await page.goto(mail.text.match(/https?:\/\/\S+\/verify\/\S+/)[0]);
    await submit(page);
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await submit(page);
    return page;
  }

  /// Turns on two-step login for the logged-in person and logs in again with both factors.
  async function secondFactor(page, email, lang) {
    await page.goto(`${BASE_URL}/${lang}/account/2fa`);
    const secret = (await page.textContent('[data-testid="totp-secret"]')).trim();
    await page.fill('#f-code', totp(secret));
    await submit(page);
    await page.click('header .account-nav button[type="submit"]');
    await page.waitForLoadState('load');
    await page.goto(`${BASE_URL}/${lang}/login`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await submit(page);
    await page.fill('#f-code', totp(secret, Date.now() + 30_000));
    await submit(page);
    return secret;
  }

  /// An administrator made on the command line, as an operator does, with two-step login.
  async function admin(context, who = 'ada') {
    const email = `${who}.${stamp}@puente.example`;
    const out = execFileSync(process.env.PUENTE_BIN, ['admin', 'create', '--email', email, '--name', 'Ada Admin', '--locale', 'es'], {
      cwd: process.env.PUENTE_E2E_DIR,
      env: { ...process.env, PUENTE_LOG: 'error' },
    }).toString();
    const link = out.match(/https?:\/\/\S+/)[0].replace(/^https?:\/\/[^/]+/, BASE_URL);
    const page = await watchedPage(context);
    await page.goto(link);
    await page.fill('#f-password', PASSWORD);
    await submit(page);
    await page.goto(`${BASE_URL}/es/login`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await submit(page);
    await secondFactor(page, email, 'es');
    return page;
  }

  /// Gives `email` a role from the admin's users page, and checks it shows as held.
  async function grantRole(adminPage, email, role) {
    await adminPage.goto(`${BASE_URL}/es/admin/users?q=${encodeURIComponent(email)}`);
    const button = () => adminPage.locator('tr', { hasText: email }).locator(`form:has(input[name="role"][value="${role}"]) button[type="submit"]`);
    assert.equal(await button().getAttribute('aria-pressed'), 'false');
    await Promise.all([adminPage.waitForNavigation(), button().click()]);
    assert.equal(await button().getAttribute('aria-pressed'), 'true');
  }

  return { newPerson, secondFactor, admin, grantRole };
}
