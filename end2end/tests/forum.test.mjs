// The forum in Portuguese, as its people meet it: a new learner on a phone asks from an
// episode's "Discuss" link and mentions a trainer; the trainer is notified and answers; the
// learner marks the answer. Learners flag an off-topic reply until it hides; a moderator reviews
// it and keeps it, logged. A page read with JavaScript off. axe-core on every forum page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, watchedPage } from './browser.mjs';
import { startMailbox } from './mailbox.mjs';
import { axeClean, people, stamp, submit } from './people.mjs';

const SMTP_PORT = Number(process.env.PUENTE_E2E_SMTP_PORT);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'pt-BR', bypassCSP: true };
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'pt-BR', bypassCSP: true };
let browser;
let mailbox;
let newPerson, secondFactor, admin, grantRole;
before(async () => {
  assert.ok(process.env.PUENTE_E2E_DIR && process.env.PUENTE_BIN, 'scripts/test.sh sets PUENTE_E2E_DIR and PUENTE_BIN');
  mailbox = await startMailbox(SMTP_PORT);
  ({ newPerson, secondFactor, admin, grantRole } = people(mailbox));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await mailbox?.close();
});

async function reply(page, text) {
  await page.fill('form[action$="/reply"] #f-body', text);
  await submit(page, 'form[action$="/reply"] button[type="submit"]');
}

async function flag(page, number) {
  await Promise.all([page.waitForNavigation(), page.click(`#post-${number} a[href$="/flag"]`)]);
  await axeClean(page, 'the flag page');
  await page.check('#flag-off_topic');
  await submit(page, 'main form button[type="submit"]');
}

test('a question from an episode is answered and solved; a flagged reply hides and a moderator keeps it', async () => {
  // The trainer and the moderator (an administrator made on the command line).
  const adminCtx = await browser.newContext(DESKTOP);
  const mod = await admin(adminCtx, 'moderadora');
  const tctx = await browser.newContext(DESKTOP);
  const trainerEmail = `lucia.${stamp}@uni.example`;
  const t = await newPerson(tctx, { name: 'Lucía Morales', email: trainerEmail, lang: 'pt' });
  await grantRole(mod, trainerEmail, 'trainer');
  await secondFactor(t, trainerEmail, 'pt');
  await t.goto(`${BASE_URL}/pt/forum`);
  await axeClean(t, 'the forum');

  // Ana, on a phone, asks from the first episode.
  const actx = await browser.newContext(PHONE);
  const ana = await newPerson(actx, { name: 'Ana Souza', email: `ana.${stamp}@usp.example`, lang: 'pt' });
  await ana.goto(`${BASE_URL}/pt/courses/desktop-to-cluster/01-what-is-a-cluster`);
  await Promise.all([ana.waitForNavigation(), ana.click('a[href$="/forum/discuss/desktop-to-cluster/01-what-is-a-cluster"]')]);
  assert.match(new URL(ana.url()).pathname, /^\/pt\/forum\/t\/\d+-/);
  const topicUrl = ana.url().split('#')[0];
  await axeClean(ana, 'a topic');
  // Sent wrong once: too short to be a message.
  await reply(ana, 'x');
  assert.ok(await ana.locator('#f-body-error').count() > 0, 'the problem is explained beside the field');
  await reply(ana, 'Como eu copio meus dados do Windows para o cluster? @lucia_morales pode me ajudar?');
  assert.match(await ana.textContent('#post-2'), /Como eu copio/);

  // The trainer is notified (a badge), opens it and answers.
  await t.goto(`${BASE_URL}/pt/forum`);
  assert.ok(await t.locator('.badge').count() > 0, 'an unread notification');
  await t.click('a[href="/pt/forum/notifications"]');
  await axeClean(t, 'notifications');
  await Promise.all([t.waitForNavigation(), t.click('ul.notifications a')]);
  await reply(t, 'Use o `scp` no PowerShell:\n\n```bash\nscp -r dados/ usuario@login.cluster.example:~/\n```');
  assert.ok(await t.locator('#post-3 .hl-source, #post-3 pre.code').count() > 0, 'code is highlighted');

  // Ana marks it as the answer.
  await ana.goto(topicUrl);
  await submit(ana, '#post-3 form[action$="/solve"] button');
  assert.ok(await ana.locator('#post-3.solved').count() === 1);
  assert.match(await ana.textContent('h1'), /Resolvido/);

  // Ana finds it again with the site's one search box, among solved questions only: her words
  // conjugated otherwise ("copiar" for "copio"), the matches marked.
  await ana.goto(`${BASE_URL}/pt/search`);
  await ana.fill('#q', 'copiar dados windows');
  await ana.click('form[role="search"] details summary');
  await ana.check('#f-solved');
  await submit(ana, 'form[role="search"] button[type="submit"]');
  const found = ana.locator('#found-posts + ol.search-results li');
  assert.ok(await found.count() >= 1, 'the question is found');
  assert.ok(await found.first().locator('mark').count() >= 2, 'matches are marked');
  assert.match(await found.first().locator('a').first().getAttribute('href'), /#post-2$/);
  await axeClean(ana, 'search with forum results');

  // Caio replies off topic; three learners and the trainer flag it (2 + 2 + 2 + 3 ≥ 8.33): hidden.
  const cctx = await browser.newContext(DESKTOP);
  const caio = await newPerson(cctx, { name: 'Caio', email: `caio.${stamp}@uni.example`, lang: 'pt' });
  await caio.goto(topicUrl);
  await reply(caio, 'Alguém quer comprar meu carro? Preço ótimo.');
  const flaggers = [t];
  for (const name of ['bia', 'davi', 'eva']) {
    const ctx = await browser.newContext(DESKTOP);
    flaggers.push(await newPerson(ctx, { name, email: `${name}.${stamp}@uni.example`, lang: 'pt' }));
  }
  for (const f of flaggers) {
    await f.goto(topicUrl);
    await flag(f, 4);
    assert.match(await f.textContent('main'), /moderação|moderadores/i);
  }
  await ana.goto(topicUrl);
  assert.doesNotMatch(await ana.textContent('#post-4'), /carro/, 'hidden from readers');

  // The moderator reviews it and keeps it, with a reason; the log has both steps.
  await mod.goto(`${BASE_URL}/pt/forum/review`);
  await axeClean(mod, 'the review queue');
  const item = mod.locator('section.review', { hasText: 'carro' });
  await item.locator('select[name="decision"]').selectOption('keep');
  await item.locator('input[name="reason"]').fill('Não é spam, só fora do tema.');
  await Promise.all([mod.waitForNavigation(), item.locator('button[type="submit"]').click()]);
  assert.match(await mod.textContent('main'), /registrada|registrad/i);
  await ana.reload();
  assert.match(await ana.textContent('#post-4'), /carro/, 'shown again');
  await mod.goto(`${BASE_URL}/pt/forum/log`);
  await axeClean(mod, 'the moderation log');
  assert.match(await mod.textContent('main'), /Não é spam/);
  await mod.goto(`${BASE_URL}/pt/admin/forum`);
  await axeClean(mod, 'the categories page');

  // Read with JavaScript off: the whole conversation is there.
  const plain = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
  const reader = await watchedPage(plain);
  await reader.goto(topicUrl);
  assert.match(await reader.textContent('#post-3'), /scp/);
  await reader.goto(`${BASE_URL}/pt/forum`);
  await axeClean(t, 'the forum, as the trainer sees it');
  await t.goto(`${BASE_URL}/pt/forum/new`);
  await axeClean(t, 'a new topic');
  for (const p of [t, ana, mod, reader]) p.assertClean();
});
