// Cohorts as a new trainer and a new learner meet them, and the Train-the-Trainer checkout.
// An administrator made with `puente admin create` gives a new account the trainer role;
// the trainer creates and publishes a cohort with two sessions; a learner on a phone joins with
// its code; attendance, the final survey, certificates and their public verification follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, watchedPage } from './browser.mjs';
import { startMailbox } from './mailbox.mjs';
import { axeClean, people, stamp, submit } from './people.mjs';

const SMTP_PORT = Number(process.env.PUENTE_E2E_SMTP_PORT);
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

/// `minutes` from now as a date and a time in Bogotá (UTC−5 all year).
function bogota(minutes) {
  const d = new Date(Date.now() + minutes * 60_000 - 5 * 3_600_000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

async function addSession(page, minutes) {
  const { date, time } = bogota(minutes);
  await page.fill('#schedule ~ form #f-date, form[action$="/sessions"] #f-date', date);
  await page.fill('form[action$="/sessions"] #f-time', time);
  await page.selectOption('form[action$="/sessions"] #f-time_zone', 'America/Bogota');
  await page.fill('form[action$="/sessions"] #f-minutes', '90');
  await submit(page, 'form[action$="/sessions"] button[type="submit"]');
}

let adminContext;
let adminPage;
async function trainer(name, email) {
  adminContext ??= await browser.newContext({ bypassCSP: true, locale: 'es-CO' });
  adminPage ??= await admin(adminContext);
  const context = await browser.newContext({ bypassCSP: true, locale: 'es-CO', viewport: { width: 1280, height: 900 } });
  const page = await newPerson(context, { name, email, lang: 'es' });
  await grantRole(adminPage, email, 'trainer');
  await secondFactor(page, email, 'es');
  return { context, page };
}

test('a trainer runs a cohort; a learner joins, attends, answers and gets a verifiable certificate', async () => {
  const slug = `python-bogota-${stamp}`;
  const { context: tctx, page: t } = await trainer('Lucía Morales', `lucia.${stamp}@uni.example`);

  await t.goto(`${BASE_URL}/es/cohorts`);
  await t.click('main >> text=Nueva cohorte');
  await axeClean(t, 'the new cohort form');
  // Wrong once: every problem explained, nothing saved.
  await t.fill('#f-title', 'Python en el clúster — Bogotá');
  await t.fill('#f-capacity', '0');
  await submit(t);
  assert.match(await t.textContent('#f-capacity-error'), /1 a 5000|5\.000/);
  await t.fill('#f-slug', slug);
  await t.fill('#f-capacity', '20');
  await t.fill('#f-description', 'Seis encuentros para llevar tu análisis al **clúster**.');
  await t.selectOption('#f-enrolment', 'code');
  await t.selectOption('#f-time_zone', 'America/Bogota');
  await submit(t);
  assert.match(new URL(t.url()).pathname, new RegExp(`/es/cohorts/${slug}/manage$`));
  await addSession(t, -60);
  await addSession(t, 7 * 24 * 60);
  assert.equal(await t.locator('#schedule ~ ol.sessions li, ol.sessions li').count(), 2);
  await submit(t, 'form[action$="/state"] button:has-text("Publicar")');
  const code = (await t.textContent('[data-testid="enrolment-code"]')).trim();
  await axeClean(t, 'the manage page');

  // The learner, on a phone, in Portuguese.
  const lctx = await browser.newContext({ bypassCSP: true, locale: 'pt-BR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const learnerEmail = `ana.${stamp}@usp.example`;
  const l = await newPerson(lctx, { name: 'Ana Souza', email: learnerEmail, lang: 'pt' });
  await l.goto(`${BASE_URL}/pt/cohorts`);
  await l.click(`a[href="/pt/cohorts/${slug}"]`);
  await axeClean(l, 'the cohort page');
  await l.fill('#f-code', 'ERRADO12');
  await submit(l);
  assert.ok(await l.locator('.notice.problem, #f-code-error').count() > 0, 'a wrong code is explained');
  await l.fill('#f-code', code.toLowerCase());
  await submit(l);
  assert.match(await l.textContent('main'), /Próxima sessão|inscrit/i);
  await mailbox.waitFor((m) => m.to.includes(learnerEmail) && m.text.includes(`/cohorts/${slug}`));

  // Attendance, kept by the trainer without JavaScript needed.
  await t.goto(`${BASE_URL}/es/cohorts/${slug}/roster`);
  await axeClean(t, 'the roster');
  await t.click('section >> a >> nth=0');
  await t.check('input[value="present"]');
  await submit(t);
  assert.match(await t.textContent('main'), /Asistencia guardada/);

  // The final survey.
  await l.goto(`${BASE_URL}/pt/cohorts/${slug}/surveys/post`);
  await axeClean(l, 'the survey');
  await submit(l);
  assert.ok(await l.locator('.notice.problem').count() > 0, 'unanswered questions are pointed out');
  await l.check('#f-nps-9');
  for (const q of ['likert-1', 'likert-2', 'likert-3']) await l.check(`#f-${q}-5`);
  await submit(l);
  assert.match(new URL(l.url()).pathname, new RegExp(`/pt/cohorts/${slug}$`));

  // Certificates: issued to who meets the rule, verified by anyone.
  await t.goto(`${BASE_URL}/es/cohorts/${slug}/certificates`);
  await axeClean(t, 'the certificates page');
  await submit(t, 'main form button:has-text("Emitir")');
  const mail = await mailbox.waitFor((m) => m.to.includes(learnerEmail) && /\/verify\/[0-9A-Z]{26}/.test(m.text));
  const verify = mail.text.match(/https?:\/\/\S+\/verify\/[0-9A-Z]{26}/)[0].replace(/^https?:\/\/[^/]+/, BASE_URL);
  const anyone = await watchedPage(await browser.newContext({ bypassCSP: true, locale: 'es-CO' }));
  await anyone.goto(verify);
  assert.match(await anyone.textContent('[data-testid="certificate-status"]'), /válido/i);
  assert.match(await anyone.textContent('main'), /Ana Souza/);
  await axeClean(anyone, 'the verification page');

  await t.goto(`${BASE_URL}/es/cohorts/${slug}/certificates`);
  await t.fill('input[name="reason"]', 'Asistencia mal registrada');
  await submit(t, 'form[action$="/revoke"] button');
  await anyone.reload();
  assert.match(await anyone.textContent('[data-testid="certificate-status"]'), /revocado/i);
  assert.match(await anyone.textContent('main'), /Asistencia mal registrada/);
  for (const p of [t, l, anyone]) p.assertClean();
  await lctx.close();
  await tctx.close();
});

test('a trainee walks the four checkout steps until the trainer role appears', async () => {
  const slug = `ttt-${stamp}`;
  const { context: tctx, page: t } = await trainer('Rafael Lima', `rafael.${stamp}@uni.example`);
  await t.goto(`${BASE_URL}/es/cohorts/new`);
  await t.fill('#f-title', 'Formación de formadores');
  await t.fill('#f-slug', slug);
  await t.selectOption('#f-course', 'train-the-trainer');
  await t.selectOption('#f-enrolment', 'open');
  await t.selectOption('#f-time_zone', 'America/Bogota');
  await submit(t);
  await addSession(t, -120);
  await submit(t, 'form[action$="/state"] button:has-text("Publicar")');

  const kctx = await browser.newContext({ bypassCSP: true, locale: 'es-CO' });
  const email = `marta.${stamp}@unal.example`;
  const k = await newPerson(kctx, { name: 'Marta Gómez', email, lang: 'es' });
  await k.goto(`${BASE_URL}/es/cohorts/${slug}`);
  await submit(k, 'form[action$="/join"] button');

  await t.goto(`${BASE_URL}/es/cohorts/${slug}/roster`);
  await t.click('section >> a >> nth=0');
  await t.check('input[value="present"]');
  await submit(t);
  await t.goto(`${BASE_URL}/es/cohorts/${slug}/manage`);
  await submit(t, 'form[action$="/state"] button:has-text("Iniciar")');
  await submit(t, 'form[action$="/state"] button:has-text("Terminar")');

  await k.goto(`${BASE_URL}/es/checkout`);
  await axeClean(k, 'the checkout page');
  assert.match(await k.textContent('[data-testid="checkout-steps"]'), /Aprobad/);

  // The trainers' queue: the welcome session and a demo slot that starts now.
  await t.goto(`${BASE_URL}/es/checkout/queue`);
  await axeClean(t, 'the checkout queue');
  await submit(t, `tr:has-text("Marta Gómez") form[action*="/welcome/"] button`);
  const { date, time } = bogota(0);
  await t.fill('form[action$="/queue/slots"] #f-date', date);
  await t.fill('form[action$="/queue/slots"] #f-time', time);
  await t.selectOption('form[action$="/queue/slots"] #f-time_zone', 'America/Bogota');
  await submit(t, 'form[action$="/queue/slots"] button');

  await k.goto(`${BASE_URL}/es/checkout`);
  await submit(k, 'form[action*="/book"] button');
  await k.fill('#f-url', 'https://github.com/puente/lecciones/pull/7');
  await k.fill('#f-note', 'Corregí los ejercicios del episodio de Slurm.');
  await submit(k, 'form[action$="/involvement"] button');

  await t.goto(`${BASE_URL}/es/checkout/queue`);
  await t.check('#g-pace');
  await t.fill('textarea[name="notes"]', 'Muy clara; un poco rápida al final.');
  await submit(t, 'form[action*="/queue/demos/"] button[value="p"]');
  await submit(t, 'form[action*="/queue/involvements/"] button[value="p"]');

  await k.goto(`${BASE_URL}/es/checkout`);
  assert.ok(await k.locator('[data-testid="checkout-complete"]').count() === 1, 'checkout complete');
  await mailbox.waitFor((m) => m.to.includes(email) && /\/verify\/[0-9A-Z]{26}/.test(m.text));
  // The trainer role is there: the cohorts page now offers to create one (after a second factor).
  await k.goto(`${BASE_URL}/es/account`);
  assert.match(await k.textContent('main'), /Formador|formador/);
  for (const p of [t, k]) p.assertClean();
  await kctx.close();
  await tctx.close();
  await adminContext?.close();
});
