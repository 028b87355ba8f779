'use strict';
// The selection in the browser (SPEC C2), as a lead of one edition would do
// it: sign in with the password and two-step verification (TOTP), open the
// selection of the demo's edition that waits for it (diversity, deadline
// passed, 30 applicants for 20 places), leave one chosen applicant out and take one
// from the waiting list in with the page's buttons, check the diversity with
// and without those changes, run axe-core on the page as it is then, confirm,
// and find the outcome on the applications page: 20 accepted, the one left
// out declined, the rest on the waiting list.
//
// Every control is found by what the server puts in the form (its action
// and hidden value), not by its text, so the flow runs in either language;
// the status labels are read from the page's own filter.
//
// Confirming changes the demo edition for good: run this after every check
// that expects leerwerkplaats-2019 unselected (run.js runs flows last).
//
// Exports `tests` ({name, run({page, base, server})}, as keyboard.js and
// lead.js) and run({browser, base, server}) that runs them in a context of
// its own.

const { newUser, signInWithPassword, enrolTotp, expectPath, submit } = require('./accounts');
const { runAxe, formatViolations, untilComputed } = require('./lib');

const SLUG = 'leerwerkplaats-2019'; // the demo edition waiting for its selection
const CAPACITY = 20;
const APPLICANTS = 30;

function check(ok, message) {
  if (!ok) throw new Error(message);
}

// Diversity with the lead's changes and without them: the two <strong>
// numbers of the lead paragraph.
async function diversity(page) {
  const values = await page.locator('main p.lwp-lead strong').allInnerTexts();
  check(values.length === 2, `expected two diversity figures, found ${JSON.stringify(values)}`);
  // Dutch page: decimal comma, a point between thousands ("1.234,50").
  check(values.every((v) => /^\d{1,3}(\.\d{3})*,\d{2}$/.test(v.trim())),
    `diversity figures not in the Dutch number format: ${JSON.stringify(values)}`);
  const [marked, unmarked] = values.map((v) => Number(v.trim().replace(/\./g, '').replace(',', '.')));
  check(Number.isFinite(marked) && Number.isFinite(unmarked), `diversity figures ${JSON.stringify(values)}`);
  return { marked, unmarked };
}

// The rows of the table whose one-button forms carry `suffix` in their
// hidden mark value: [{ id, name, value }].
async function rowsWithMark(page, suffix) {
  return page.evaluate((suf) => Array.from(document.querySelectorAll('main table tbody tr'))
    .map((tr) => {
      const input = tr.querySelector('form input[name=mark]');
      const link = tr.querySelector('a[href^="/beheer/aanmeldingen/"]');
      if (!input || !link || !input.value.endsWith(suf)) return null;
      return { id: Number(link.getAttribute('href').split('/').pop()), name: link.textContent.trim(), value: input.value };
    }).filter(Boolean), suffix);
}

async function chosenIds(page) {
  // the chosen table is the first table; its rows link to the applications
  return page.evaluate(() => Array.from(document.querySelectorAll('main table')[0]
    .querySelectorAll('tbody tr a[href^="/beheer/aanmeldingen/"]'))
    .map((a) => Number(a.getAttribute('href').split('/').pop())));
}

// Press the button of the one-button form with this action suffix and
// hidden mark value; resolves to the response of the page it ends on.
async function press(page, action, value) {
  const form = value
    ? `form[action$="${action}"]:has(input[name=mark][value="${value}"])`
    : `form[action$="${action}"]`;
  const count = await page.locator(form).count();
  check(count === 1, `${count} forms ${form} on ${page.url()}`);
  return untilComputed(page, await submit(page, form));
}

async function noAxeViolations(page, what) {
  const violations = await runAxe(page);
  check(violations.length === 0,
    `${what}: ${violations.length} WCAG 2.1 A/AA violation(s):\n${formatViolations(violations)}`);
}

const tests = [
  {
    name: 'a lead swaps one applicant out and one in, confirms, and sees the outcome',
    async run({ page, base, server }) {
      const problems = [];
      page.on('console', (msg) => {
        if (/^Failed to load resource/.test(msg.text())) return;
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

      // A lead of this edition only: password, then setting up TOTP.
      const lead = await newUser(server, 'Sanne Selectie', [['lead', SLUG]]);
      await signInWithPassword(page, base, lead);
      expectPath(page, '/account/tweestaps', 'a new lead after the password');
      const { res: enrolled } = await enrolTotp(page, -1);
      check(enrolled.status() === 200, `setting up TOTP answered ${enrolled.status()}`);

      // The proposal.
      const selection = `${base}/beheer/edities/${SLUG}/selectie`;
      let res = await untilComputed(page, await page.goto(selection));
      check(res.status() === 200, `the selection page answered ${res.status()}`);
      const confirmForms = await page.locator('form[action$="/selectie/bevestigen"]').count();
      check(confirmForms === 1, `${SLUG} cannot be confirmed (selected already by an earlier check?)`);
      const before = await diversity(page);
      check(before.marked === before.unmarked, `diversity before any change: ${JSON.stringify(before)}`);
      let chosen = await chosenIds(page);
      check(chosen.length === CAPACITY, `${chosen.length} chosen, expected ${CAPACITY}`);
      const outs = await rowsWithMark(page, ':exclude');
      const ins = await rowsWithMark(page, ':include');
      check(outs.length === CAPACITY && ins.length === APPLICANTS - CAPACITY,
        `${outs.length} "leave out" and ${ins.length} "must include" buttons`);
      check(await page.locator('main svg[role=img] title').count() === 1, 'no chart with a <title>');

      // Swap: the last chosen out, the first on the waiting list in.
      const out = outs[outs.length - 1];
      const inn = ins[0];
      res = await press(page, '/selectie/markering', out.value);
      check(res.status() === 200, `leaving out answered ${res.status()}`);
      expectPath(page, `/beheer/edities/${SLUG}/selectie`, 'after leaving out');
      check(new URL(page.url()).searchParams.get('klaar') === '1', `after leaving out: ${page.url()}`);
      check(await page.locator('main .utrecht-alert--ok').count() === 1, 'no notice that the change was saved');
      res = await press(page, '/selectie/markering', inn.value);
      check(res.status() === 200, `including answered ${res.status()}`);

      chosen = await chosenIds(page);
      check(chosen.length === CAPACITY, `${chosen.length} chosen after the swap`);
      check(chosen.includes(inn.id), `${inn.name} (must include) is not chosen`);
      check(!chosen.includes(out.id), `${out.name} (left out) is still chosen`);
      check(await page.locator(`form:has(input[name=mark][value="${inn.id}:none"])`).count() === 1,
        `no button to undo the must-include of ${inn.name}`);
      check(await page.locator(`form:has(input[name=mark][value="${out.id}:none"])`).count() === 1,
        `no button to undo leaving out ${out.name}`);
      check((await page.locator('main').innerText()).includes(out.name), `${out.name} is no longer on the page`);
      const after = await diversity(page);
      check(after.unmarked === before.unmarked,
        `diversity without changes moved from ${before.unmarked} to ${after.unmarked}`);
      check(after.marked <= after.unmarked,
        `diversity with the changes ${after.marked} is more than the best without ${after.unmarked}`);
      await noAxeViolations(page, 'the selection page after the swap');

      // Confirm.
      res = await press(page, '/selectie/bevestigen');
      check(res.status() === 200, `confirming answered ${res.status()}`);
      expectPath(page, `/beheer/edities/${SLUG}/aanmeldingen`, 'after confirming');
      const label = async (code) => (await page.locator(`select[name=status] option[value=${code}]`).innerText()).trim();
      const labels = { accepted: await label('accepted'), waitlisted: await label('waitlisted'), declined: await label('declined') };
      const statuses = await page.evaluate(() => {
        const table = Array.from(document.querySelectorAll('main table'))
          .find((t) => t.querySelector('tbody a[href^="/beheer/aanmeldingen/"]'));
        const out = {};
        for (const tr of table.querySelectorAll('tbody tr')) {
          const a = tr.querySelector('a[href^="/beheer/aanmeldingen/"]');
          out[Number(a.getAttribute('href').split('/').pop())] = tr.querySelectorAll('td')[4].textContent.trim();
        }
        return out;
      });
      const count = (l) => Object.values(statuses).filter((s) => s === l).length;
      check(Object.keys(statuses).length === APPLICANTS, `${Object.keys(statuses).length} applications listed`);
      check(statuses[inn.id] === labels.accepted, `${inn.name} is "${statuses[inn.id]}", not "${labels.accepted}"`);
      check(statuses[out.id] === labels.declined, `${out.name} is "${statuses[out.id]}", not "${labels.declined}"`);
      for (const id of chosen) {
        check(statuses[id] === labels.accepted, `chosen application ${id} is "${statuses[id]}"`);
      }
      check(count(labels.accepted) === CAPACITY && count(labels.declined) === 1
        && count(labels.waitlisted) === APPLICANTS - CAPACITY - 1,
      `statuses after confirming: ${JSON.stringify(statuses)}`);

      // The selection cannot be confirmed again.
      res = await untilComputed(page, await page.goto(selection));
      check(res.status() === 200, `the selection page after confirming answered ${res.status()}`);
      check(await page.locator('form[action$="/selectie/bevestigen"]').count() === 0,
        'the selection can still be confirmed after confirming');
      // It shows the confirmed result: the accepted, then the waiting list
      // in its stored order 1, 2, 3, ... (the order mailed and offered in).
      const places = await page.evaluate(() => Array.from(document.querySelectorAll('main table')[1]
        .querySelectorAll('tbody tr td:first-child')).map((td) => Number(td.textContent.trim())));
      check(places.length === APPLICANTS - CAPACITY - 1 && places.every((p, i) => p === i + 1),
        `the waiting list after confirming is not in order 1..${APPLICANTS - CAPACITY - 1}: ${JSON.stringify(places)}`);
      check(await page.locator('main table').first().locator('tbody tr').count() === CAPACITY,
        'the accepted table after confirming does not list every place');
      await noAxeViolations(page, 'the selection page after confirming');
      check(problems.length === 0, `the browser reported:\n${problems.join('\n')}`);
    },
  },
];

// Run the tests in a context of their own (in Dutch, as run.js's flows);
// rejects with the first failure.
async function run({ browser, base, server }) {
  for (const t of tests) {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'lang', value: 'nl', url: base }]);
    context.setDefaultTimeout(15000);
    try {
      await t.run({ page: await context.newPage(), base, server });
    } finally {
      await context.close();
    }
  }
}

module.exports = { tests, run };
