'use strict';
// The lead's work, end to end in the browser (in Dutch): a new lead signs
// in with the password and sets up two-step verification (TOTP), signs out
// and in again with the password and a code from the "app", creates a
// draft edition with the console form, publishes it (the invitation then
// answers 200), and changes the status of an application to it with the
// select and a note; the history, the applicant's own page and the audit
// log show the change.

const { applyByApi } = require('./pages');
const { newUser, signInWithPassword, enrolTotp, totpNow, submit, expectPath } = require('./accounts');

function check(ok, message) {
  if (!ok) throw new Error(message);
}

async function mainText(page) {
  return page.locator('main').innerText();
}

// The status of a document fetched without cookies, as anyone would.
async function publicGet(url) {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

const tests = [
  {
    name: 'a lead signs in, publishes an edition and changes the status of an application',
    async run({ page, base, server }) {
      // First sign-in: the password, then setting up TOTP completes it.
      // The code is that of the step before (the oldest the server takes),
      // so the current step is still unused for the second sign-in.
      const lead = await newUser(server, 'Pim Programmaleider', [['lead']]);
      await signInWithPassword(page, base, lead);
      expectPath(page, '/account/tweestaps', 'a new lead after the password');
      const { res: enrolled, secret } = await enrolTotp(page, -1);
      check(enrolled.status() === 200, `setting up TOTP answered ${enrolled.status()}`);
      check(await page.locator('h1').innerText() === 'Tweestapsverificatie staat aan',
        `after the code: ${await page.locator('h1').innerText()}`);
      const codes = await page.locator('.lwp-codes li').count();
      check(codes === 10, `${codes} recovery codes shown, expected 10`);

      // Sign out, and in again: password, then the code of the app.
      await page.goto(`${base}/account`);
      await submit(page, 'form[action="/uitloggen"]');
      await signInWithPassword(page, base, lead);
      expectPath(page, '/inloggen/code', 'a lead with TOTP after the password');
      await page.fill('form[action="/inloggen/code"] input[name=code]', await totpNow(secret));
      await submit(page, 'form[action="/inloggen/code"]');
      expectPath(page, '/beheer', 'after the code');

      // A draft edition, made with the console form (the defaults for the
      // rest: 20 places, diversity, deadline in 30 days).
      const slug = `browsertest-${Date.now()}`;
      const title = `Leerwerkplaats browsertest ${slug.slice(12)}`;
      await Promise.all([page.waitForNavigation(), page.click('a[href="/beheer/edities/nieuw"]')]);
      await page.fill('#f-title', title);
      await page.fill('#f-slug', slug);
      await page.fill('#f-description', 'Een editie gemaakt door de browsertest.\n\nTweede alinea.');
      await page.fill('#f-contact_name', 'Pim Programmaleider');
      await page.fill('#f-contact_email', lead.email);
      const created = await submit(page, 'form.lwp-form');
      check(created.status() === 200, `creating the edition answered ${created.status()}`);
      expectPath(page, `/beheer/edities/${slug}`, 'after creating the edition');
      let text = await mainText(page);
      check(text.includes('Uw wijziging is opgeslagen.'), 'no notice that the edition was saved');
      check(text.includes('Concept'), `the new edition is not a draft:\n${text}`);
      const draft = await publicGet(`${base}/edities/${slug}`);
      check(draft.status === 404, `the invitation of a draft answers ${draft.status}, not 404`);

      // Publish it with the button.
      const statusForm = `form[action="/beheer/edities/${slug}/status"]`;
      check((await page.locator(statusForm).innerText()).includes('Publiceren en aanmelding openen'),
        'no publish button on the draft');
      await submit(page, statusForm);
      expectPath(page, `/beheer/edities/${slug}`, 'after publishing');
      text = await mainText(page);
      check(text.includes('Open voor aanmeldingen'), `the edition is not open after publishing:\n${text}`);
      const invitation = await publicGet(`${base}/edities/${slug}`);
      check(invitation.status === 200, `the published invitation answers ${invitation.status}`);
      check(invitation.text.includes(title), 'the published invitation does not show its title');

      // Someone applies (through the API, in a browser context of their
      // own); under diversity the application waits as "submitted".
      const applicantContext = await page.context().browser().newContext();
      let applied;
      try {
        applied = await applyByApi({ page: await applicantContext.newPage(), base }, slug);
      } finally {
        await applicantContext.close();
      }

      // The lead finds it in the list of the edition and opens it.
      await page.goto(`${base}/beheer/edities/${slug}/aanmeldingen`);
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: applied.name, exact: true }).click()]);
      expectPath(page, `/beheer/aanmeldingen/${applied.id}`, 'the application in the console');
      check((await mainText(page)).includes('Ingediend'), 'the new application is not "Ingediend"');

      // Change the status with the select and a note.
      const label = (await page.locator('select[name=status] option[value=accepted]').innerText()).trim();
      const note = 'Welkom in de groep, tot de startbijeenkomst!';
      await page.selectOption('select[name=status]', 'accepted');
      await page.fill('textarea[name=note]', note);
      const changed = await submit(page, `form[action="/beheer/aanmeldingen/${applied.id}/status"]`);
      check(changed.status() === 200, `changing the status answered ${changed.status()}`);
      expectPath(page, `/beheer/aanmeldingen/${applied.id}`, 'after changing the status');
      text = await mainText(page);
      check(text.includes('Uw wijziging is opgeslagen.'), 'no notice that the status was saved');
      const history = await page.locator('h2:has-text("Geschiedenis") + ol > li').allInnerTexts();
      const last = history[history.length - 1] || '';
      check(history.length === 2 && last.includes(label) && last.includes(note) && last.includes(lead.email),
        `the history does not end with the change to ${label}: ${JSON.stringify(history)}`);
      check(await page.locator('select[name=status]').inputValue() === 'accepted',
        'the form does not show the new status');

      // The applicant's own page and the audit log show it too.
      const own = await publicGet(base + applied.path);
      check(own.status === 200 && own.text.includes(label), `the applicant's page does not say ${label}`);
      await page.goto(`${base}/beheer/audit`);
      // The actions are shown as Dutch sentences; their codes are data.
      const actions = await page.evaluate(() => Array.from(document.querySelectorAll('main td[data-action]'))
        .map((td) => [td.dataset.action, td.textContent.trim()]));
      for (const action of ['edition.create', 'edition.publish', 'application.status', 'login.second_factor']) {
        const row = actions.find(([code]) => code === action);
        check(row, `the audit log lacks ${action}`);
        check(row[1] !== action, `the audit log shows the code ${action} instead of its label`);
      }
    },
  },
];

module.exports = { tests };
