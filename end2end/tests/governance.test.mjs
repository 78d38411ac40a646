// Governance in Spanish, as its people meet it: an administrator (made with `puente admin create`)
// publishes a proposal and opens a secret STV election to certified trainers; two trainers vote
// by ranking the candidates, one of them on a phone; the poll closes on time by itself; a voter
// finds their ballot among the published ones with the receipt shown when they voted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch } from './browser.mjs';
import { startMailbox } from './mailbox.mjs';
import { axeClean, people, stamp, submit } from './people.mjs';

const SMTP_PORT = Number(process.env.PUENTE_E2E_SMTP_PORT);
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'es-CO', bypassCSP: true };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-CO', bypassCSP: true };
let browser;
let mailbox;
let newPerson, admin, grantRole;
before(async () => {
  assert.ok(process.env.PUENTE_E2E_DIR && process.env.PUENTE_BIN, 'scripts/test.sh sets PUENTE_E2E_DIR and PUENTE_BIN');
  mailbox = await startMailbox(SMTP_PORT);
  ({ newPerson, admin, grantRole } = people(mailbox));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await mailbox?.close();
});

/// A moment as the date and time fields of a form in UTC.
function utc(ms) {
  const d = new Date(ms).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

test('an election among certified trainers: ranked ballots, a close on time, a receipt found', async () => {
  const adminContext = await browser.newContext(DESKTOP);
  const a = await admin(adminContext, 'gobierno');
  const tctx = await browser.newContext(DESKTOP);
  const t = await newPerson(tctx, { name: 'Lucía Morales', email: `lucia.gov.${stamp}@uni.example`, lang: 'es' });
  const pctx = await browser.newContext(PHONE);
  const p = await newPerson(pctx, { name: 'Mateo Rojas', email: `mateo.gov.${stamp}@uni.example`, lang: 'es' });
  // Both are trainers certified elsewhere: the admin gives them the role.
  await grantRole(a, `lucia.gov.${stamp}@uni.example`, 'trainer');
  await grantRole(a, `mateo.gov.${stamp}@uni.example`, 'trainer');

  // The proposal: sent wrong once, then right.
  await a.goto(`${BASE_URL}/es/governance`);
  await axeClean(a, 'the governance page');
  await Promise.all([a.waitForNavigation(), a.click('main >> text=Nueva propuesta')]);
  await axeClean(a, 'the new proposal form');
  // A title of spaces passes the browser's own check; the server explains.
  await a.fill('#f-title', '   ');
  await a.fill('#f-body', 'Elegimos quién coordina la comunidad en 2027.');
  await submit(a);
  assert.match(await a.textContent('main'), /título/);
  assert.equal(await a.getAttribute('#f-title', 'aria-invalid'), 'true');
  await a.fill('#f-title', `Comité de coordinación ${stamp}`);
  await submit(a);
  assert.match(a.url(), /\/es\/governance\/\d+-comite-de-coordinacion/);
  const proposalUrl = a.url().split('?')[0].split('#')[0];

  // The election: without a rule for who votes it is refused; then open to certified trainers,
  // opening now and closing two to three minutes from now, on a whole minute.
  await Promise.all([a.waitForNavigation(), a.click('main >> text=Agregar una votación')]);
  await axeClean(a, 'the new poll form');
  const closesAt = Math.ceil((Date.now() + 120_000) / 60_000) * 60_000;
  const opens = utc(Date.now() - 60_000);
  const closes = utc(closesAt);
  const fillPoll = async () => {
    await a.fill('#f-poll_title', 'Comité 2027 (2 puestos)');
    await a.selectOption('#f-kind', 'stv');
    await a.fill('#f-options', 'Ana Quispe\nBruno Carvalho\nCarla Méndez');
    await a.fill('#f-seats', '2');
    await a.selectOption('#f-zone', 'UTC');
    await a.fill('#f-opens_date', opens.date);
    await a.fill('#f-opens_time', opens.time);
    await a.fill('#f-closes_date', closes.date);
    await a.fill('#f-closes_time', closes.time);
  };
  await fillPoll();
  await submit(a, 'main form button[type="submit"]');
  assert.ok(await a.locator('#rule-error').count() === 1, 'the missing electorate is explained');
  await fillPoll();
  await a.check('#f-rule_trainers');
  await submit(a, 'main form button[type="submit"]');
  assert.match(a.url(), /#poll-\d+$/);
  const poll = a.url().match(/#poll-(\d+)$/)[1];

  // The poll opens (a durable job) and each trainer may vote.
  const voteWhenOpen = async (page) => {
    for (let i = 0; i < 60; i++) {
      await page.goto(proposalUrl);
      if (await page.locator(`#poll-${poll} form.ballot`).count()) return;
      await page.waitForTimeout(300);
    }
    throw new Error('the poll never opened for this trainer');
  };
  await voteWhenOpen(t);
  assert.match(await t.textContent(`#poll-${poll} [data-testid="can-i-vote"]`), /Sí/);
  await axeClean(t, 'an open poll');
  // Lucía ranks Carla first, then Ana.
  await t.selectOption(`#p${poll}-rank-2`, '1');
  await t.selectOption(`#p${poll}-rank-0`, '2');
  await t.check(`#p${poll}-confirm`);
  await submit(t, `#poll-${poll} form.ballot button[type="submit"]`);
  const receipt = (await t.textContent('[data-testid="receipt"] strong.code')).trim();
  assert.match(receipt, /^[0-9A-Z]{26}$/);
  await axeClean(t, 'the page with a receipt');

  // Mateo, on a phone: two candidates on one rank once, then a good ballot.
  await voteWhenOpen(p);
  await p.selectOption(`#p${poll}-rank-0`, '1');
  await p.selectOption(`#p${poll}-rank-1`, '1');
  await p.check(`#p${poll}-confirm`);
  await submit(p, `#poll-${poll} form.ballot button[type="submit"]`);
  assert.match(await p.textContent(`#poll-${poll} form.ballot .error`), /rango|una vez/i);
  await p.selectOption(`#p${poll}-rank-0`, '1');
  await p.selectOption(`#p${poll}-rank-1`, '2');
  await p.check(`#p${poll}-confirm`);
  await submit(p, `#poll-${poll} form.ballot button[type="submit"]`);
  assert.ok(await p.locator('[data-testid="receipt"]').count() === 1);
  // Nothing is wider than the phone (the header's links wrap).
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling');
  await p.screenshot({ path: `test-results/governance-phone-${stamp}.png`, fullPage: true });

  // The poll closes on time, by itself: at most a minute late.
  let closedSeen = 0;
  while (Date.now() < closesAt + 90_000) {
    await t.goto(proposalUrl);
    if (await t.locator(`[data-testid="decision-${poll}"]`).count()) {
      closedSeen = Date.now();
      break;
    }
    await t.waitForTimeout(2_000);
  }
  assert.ok(closedSeen, 'the poll closed');
  assert.ok(closedSeen - closesAt <= 62_000, `closed ${closedSeen - closesAt} ms after its time`);
  assert.match(await t.textContent(`[data-testid="decision-${poll}"]`), /Ana Quispe|Carla Méndez|Bruno Carvalho/);

  // Lucía finds her ballot among the published ones.
  await t.locator(`#poll-${poll} details:has(form[role="search"]) summary`).click();
  await t.fill(`#receipt-${poll}`, receipt);
  await submit(t, `#poll-${poll} form[role="search"] button[type="submit"]`);
  assert.ok(await t.locator(`[data-testid="found-${poll}"]`).count() === 1, 'her ballot is found');
  assert.match(await t.textContent(`#poll-${poll} tr.mine`), /Carla Méndez > Ana Quispe/);
  await axeClean(t, 'a closed poll with its published ballots');
  await t.screenshot({ path: `test-results/governance-closed-${stamp}.png`, fullPage: true });
  for (const page of [a, t, p]) page.assertClean();
});
