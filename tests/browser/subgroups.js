'use strict';
// Subgroups in the browser (SPEC C3), as a lead of one edition would do it:
// sign in with the password and two-step verification, open the subgroups
// of the demo's first edition (selected and split into two subgroups by the
// demo), make the subgroups again, move one person by hand and read the
// change in diversity, run axe-core on the page as it is then, confirm, and
// find the confirmed subgroups with both coaches.
//
// Controls are found by their form action and field names, not by text, so
// the flow runs in either language.
//
// Exports `tests` ({name, run({page, base, server})}, as selection.js).

const { newUser, signInWithPassword, enrolTotp, expectPath, submit } = require('./accounts');
const { runAxe, formatViolations } = require('./lib');

const SLUG = 'leerwerkplaats-2018';

function check(ok, message) {
  if (!ok) throw new Error(message);
}

async function noAxeViolations(page, what) {
  const violations = await runAxe(page);
  check(violations.length === 0,
    `${what}: ${violations.length} WCAG 2.1 A/AA violation(s):\n${formatViolations(violations)}`);
}

// The member ids per subgroup table (by the hidden app field of the move
// forms): [[id, ...], [id, ...]].
async function groups(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('main table'))
    .map((t) => Array.from(t.querySelectorAll('form input[name=app]')).map((i) => Number(i.value)))
    .filter((ids) => ids.length > 0));
}

const tests = [
  {
    name: 'a lead makes the subgroups, moves one person, sees the change and confirms',
    async run({ page, base, server }) {
      const problems = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      const lead = await newUser(server, 'Gea Groepen', [['lead', SLUG]]);
      await signInWithPassword(page, base, lead);
      expectPath(page, '/account/tweestaps', 'a new lead after the password');
      const { res: enrolled } = await enrolTotp(page, -1);
      check(enrolled.status() === 200, `setting up TOTP answered ${enrolled.status()}`);

      const url = `${base}/beheer/edities/${SLUG}/subgroepen`;
      let res = await page.goto(url);
      check(res.status() === 200, `the subgroups page answered ${res.status()}`);
      check(await page.locator('svg[role=img] title').count() === 1, 'no chart with a title');
      const before = await groups(page);
      check(before.length === 2 && before[0].length === 10 && before[1].length === 10,
        `expected two subgroups of 10, found ${JSON.stringify(before.map((g) => g.length))}`);

      res = await submit(page, 'form[action$="/subgroepen/indelen"]');
      check(res.status() === 200, `making the subgroups answered ${res.status()}`);
      expectPath(page, `/beheer/edities/${SLUG}/subgroepen`, 'after making the subgroups');
      check(await page.locator('form[action$="/subgroepen/bevestigen"]').count() === 1,
        'a proposal can be confirmed');

      // Move the first member of the first subgroup to the second.
      const [first] = (await groups(page))[0];
      const form = `form[action$="/subgroepen/verplaatsen"]:has(input[name=app][value="${first}"])`;
      res = await submit(page, form);
      check(res.status() === 200, `moving answered ${res.status()}`);
      const notice = (await page.locator('main .utrecht-alert--ok').allInnerTexts()).join(' ');
      // in the page's number format: 831,00 on a Dutch page, 831.00 on an English one
      check(/\d+[.,]\d\d.*\d+[.,]\d\d/.test(notice), `no value change shown: ${notice}`);
      const moved = await groups(page);
      check(moved[1].includes(first) && moved[0].length === 9, `the move did not happen: ${JSON.stringify(moved)}`);
      await noAxeViolations(page, 'the subgroups page after a move');

      res = await submit(page, 'form[action$="/subgroepen/bevestigen"]');
      check(res.status() === 200, `confirming answered ${res.status()}`);
      check(new URL(page.url()).searchParams.get('bevestigd') === '1', `confirming ended on ${page.url()}`);
      check(await page.locator('form[action$="/subgroepen/bevestigen"]').count() === 0,
        'still something to confirm after confirming');
      const after = await groups(page);
      check(after[1].includes(first), 'the confirmed subgroups lost the move');
      const coaches = (await page.locator('main h3 + p').allInnerTexts()).join(' ');
      check(/Marloes Verhoeven/.test(coaches) && /Joost van Rijnsburg/.test(coaches),
        `the coaches are not shown: ${coaches}`);
      await noAxeViolations(page, 'the subgroups page after confirming');
      check(problems.length === 0, `the browser reported:\n${problems.join('\n')}`);
    },
  },
];

module.exports = { tests };
