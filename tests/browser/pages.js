'use strict';
// Every page of the product, in one place. The browser suite (run.js) opens
// each page below in Dutch and in English as each role listed, checks that
// it loads with the expected status and no browser error (a CSP violation
// included), runs axe-core with the WCAG 2.1 A and AA rules, runs the Nu HTML
// checker on the HTML the server sent, and takes the screenshots asked for.
//
// A new page is added here and nowhere else:
//   name        unique; used in test names and screenshot file names
//   route       the name of the route this page shows (lwp routes --json);
//               every GET route that answers HTML must be shown by a page
//               (tests/http/test_routes.py checks it)
//   path        the address to open (or give open() instead); the browser
//               must end there (a redirect, to sign in say, fails the page)
//   roles       the roles that can see the page (keys of `roles` below)
//   status      the HTTP status expected of the document (default 200)
//   open        async ({page, base, lang, role, server}) => Response of the
//               document (server.cli(args) runs the lwp CLI on its database);
//               for pages reached by a form or a redirect (default: goto path)
//   screenshot  true: full-page screenshots at desktop and phone width go to
//               tests/out/screenshots/NAME-LANG-WIDTH.png
//
// While working on pages: PAGES=REGEX tests/browser/run.sh checks only the
// pages whose name matches; SHOTS=all takes screenshots of every page as
// every role (tests/out/screenshots-all/NAME-ROLE-LANG-WIDTH.png).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { signedIn, leadFirstStep, newUser, signInWithPassword, enrolTotp, expectPath, submit } = require('./accounts');

const OPEN = 'leerwerkplaats-demo';   // demo edition open for applications (fcfs)
const CLOSED = 'leerwerkplaats-2018'; // the first edition, deadline passed

// Roles, and how a browser context becomes one: login({page, base, lang,
// server}) runs in a fresh context before the page is opened. A signed-in
// role signs in once per run (accounts.js: password, and TOTP for leads and
// admins) and each of its pages gets that session's cookie.
const roles = {
  public: { login: async () => {} },
  // signed in, no roles
  user: { login: signedIn('user') },
  // lead of every edition, second step passed
  lead: { login: signedIn('lead') },
  admin: { login: signedIn('admin') },
  // the same lead, signed in anew with the password only: the second step
  // (the code of /inloggen/code) is still to come; open() gets the response
  // of the page the password led to as ctx.firstStep
  'lead-first-step': { login: async (ctx) => { ctx.firstStep = await leadFirstStep(ctx); } },
};

let applicants = 0;

// An application made through the JSON API (with the cookies of page's
// context); resolves to { path, id, name }: path is that of the applicant's
// private page.
async function applyByApi({ page, base }, edition = OPEN) {
  applicants += 1;
  const name = `Browser Test ${applicants}`;
  const res = await page.request.post(`${base}/api/v1/editions/${edition}/applications`, {
    data: {
      name,
      email: `browser.test.${applicants}.${Date.now()}@example.org`,
      function: 'Programmamanager',
      organisation: 'Ministerie van Testzaken',
      organisation_kind: 'ministry',
      initiative_title: 'Zelforganisatie in de uitvoering',
      theme: 'new_organising',
      motivation: 'Leren van andere organisaties.',
      question: 'Hoe houden we teams in beweging?',
      eligible: true,
      consent: true,
    },
  });
  if (res.status() !== 201) {
    throw new Error(`applying through the API answered ${res.status()}: ${await res.text()}`);
  }
  const body = await res.json();
  return { path: new URL(body.url).pathname, id: body.id, name };
}

// A freed place offered to the waiting list (/aanbod/{token}): a diversity
// edition of one place with two applicants, its deadline moved into the
// past, the selection confirmed, the one chosen withdraws; the offer's link
// is read from the outbox (lwp backup). Made once per run.
let offerPath = null;
async function makeOffer(ctx) {
  if (offerPath) return offerPath;
  const slug = `aanbod-${Date.now()}`;
  await ctx.server.cli(['edition', 'create', '--slug', slug, '--title', 'Aanbod test',
    '--capacity', '1', '--deadline', '2099-01-01 12:00', '--policy', 'diversity',
    '--org-cap', '0', '--fee', '100', '--publish']);
  const first = await applyByApi(ctx, slug);
  await applyByApi(ctx, slug);
  await ctx.server.cli(['edition', 'deadline', slug, '2020-01-01 12:00']);
  await ctx.server.cli(['select', slug]);
  await ctx.page.goto(ctx.base + first.path);
  await Promise.all([
    ctx.page.waitForNavigation(),
    ctx.page.locator('form[action$="/intrekken"] button').click(),
  ]);
  const backup = await ctx.server.cli(['backup', '-']);
  const m = backup.match(/\/aanbod\/[0-9a-f]{64}/);
  if (!m) throw new Error('no offer mail in the outbox after the withdrawal');
  offerPath = m[0];
  return offerPath;
}

// One applicant of the open edition through `lwp import applications`
// (a signed-in context cannot use the public API without its CSRF token);
// resolves to the temporary directory of the CSV file.
async function importParticipant(ctx) {
  applicants += 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwp-import-'));
  const file = path.join(dir, 'one.csv');
  fs.writeFileSync(file, 'name;email;organisation;organisation_kind;function;initiative_title;' +
    'theme;motivation;question;eligible;consent\n' +
    `Import Test ${applicants};import.${applicants}.${Date.now()}@example.org;Ministerie van Testzaken;` +
    'ministry;Adviseur;Wijkteams;new_organising;Leren;Hoe?;ja;ja\n');
  await ctx.server.cli(['import', 'applications', OPEN, file, '--no-mail']);
  return dir;
}

const pages = [
  { name: 'home', route: 'home', path: '/', roles: ['public'] },
  { name: 'invitation', route: 'invitation', path: `/edities/${OPEN}`, roles: ['public'], screenshot: true },
  { name: 'invitation-closed', path: `/edities/${CLOSED}`, roles: ['public'] },
  { name: 'apply-form', route: 'apply_form', path: `/edities/${OPEN}/aanmelden`, roles: ['public'] },
  {
    name: 'apply-form-errors',
    roles: ['public'],
    status: 422,
    screenshot: true,
    // Send the form empty: the server answers the form again with the error
    // summary and a message at every required field.
    open: async ({ page, base }) => {
      await page.goto(`${base}/edities/${OPEN}/aanmelden`);
      const [res] = await Promise.all([
        page.waitForNavigation(),
        page.locator('form.lwp-form button[type=submit]').click(),
      ]);
      return res;
    },
  },
  { name: 'apply-form-closed', path: `/edities/${CLOSED}/aanmelden`, roles: ['public'] },
  {
    name: 'application', route: 'application',
    roles: ['public'],
    screenshot: true,
    open: async (ctx) => ctx.page.goto(ctx.base + (await applyByApi(ctx)).path + '?ontvangen=1'),
  },
  {
    name: 'application-withdrawn',
    roles: ['public'],
    open: async (ctx) => {
      await ctx.page.goto(ctx.base + (await applyByApi(ctx)).path);
      const [res] = await Promise.all([
        ctx.page.waitForNavigation(),
        ctx.page.locator('form[action$="/intrekken"] button').click(),
      ]);
      return res;
    },
  },
  {
    name: 'offer', route: 'offer',
    roles: ['public'],
    open: async (ctx) => ctx.page.goto(ctx.base + (await makeOffer(ctx))),
  },
  { name: 'privacy', route: 'privacy', path: '/privacy', roles: ['public'] },
  { name: 'login', route: 'login', path: '/inloggen', roles: ['public'] },
  { name: 'accessibility', route: 'accessibility', path: '/toegankelijkheid', roles: ['public'] },
  { name: 'not-found', path: '/bestaat-niet', roles: ['public'], status: 404 },
  { name: 'edition-not-found', path: '/edities/bestaat-niet', roles: ['public'], status: 404 },
  { name: 'application-not-found', path: '/aanmelding/onbekend', roles: ['public'], status: 404 },

  // Accounts.
  {
    name: 'login-errors',
    roles: ['public'],
    status: 422,
    open: async ({ page, base }) => {
      await page.goto(`${base}/inloggen`);
      return submit(page, 'form[action="/inloggen/wachtwoord"]');
    },
  },
  { name: 'account', route: 'account', path: '/account', roles: ['user', 'lead', 'admin'] },
  { name: 'account-password', route: 'account_password', path: '/account/wachtwoord', roles: ['user'] },
  {
    name: 'account-password-errors',
    roles: ['user'],
    status: 422,
    open: async ({ page, base }) => {
      await page.goto(`${base}/account/wachtwoord`);
      return submit(page, 'form[action="/account/wachtwoord"]');
    },
  },
  { name: 'two-step-setup', route: 'account_totp', path: '/account/tweestaps', roles: ['user', 'lead'] },
  {
    name: 'two-step-setup-errors',
    roles: ['user'],
    status: 422,
    open: async ({ page, base }) => {
      await page.goto(`${base}/account/tweestaps`);
      return submit(page, 'form[action="/account/tweestaps"]');
    },
  },
  {
    // A new lead's first sign-in: password, set up TOTP, recovery codes.
    name: 'two-step-on',
    roles: ['public'],
    open: async ({ page, base, server }) => {
      const user = await newUser(server, 'Nieuwe Leider', [['lead']]);
      await signInWithPassword(page, base, user);
      expectPath(page, '/account/tweestaps', 'a new lead signing in');
      return (await enrolTotp(page)).res;
    },
  },
  {
    name: 'login-link', route: 'login_link',
    roles: ['public'],
    open: async (ctx) => {
      const email = `link.${Date.now()}.${ctx.lang}@example.org`;
      await ctx.server.cli(['user', 'add', email, '--name', 'Link Test']);
      await ctx.page.goto(ctx.base + '/inloggen');
      await ctx.page.locator('form[action="/inloggen/link"] input[name="email"]').fill(email);
      await Promise.all([
        ctx.page.waitForNavigation(),
        ctx.page.locator('form[action="/inloggen/link"] button').click(),
      ]);
      const links = (await ctx.server.cli(['backup', '-'])).match(/\/inloggen\/link\/[0-9a-f]{64}/g);
      if (!links) throw new Error('no login link in the outbox');
      return ctx.page.goto(ctx.base + links[links.length - 1]);
    },
  },
  {
    name: 'login-code', route: 'login_code',
    roles: ['lead-first-step'],
    open: async ({ page, firstStep }) => {
      expectPath(page, '/inloggen/code', 'a lead with TOTP signing in with the password');
      return firstStep;
    },
  },

  // The lead console.
  { name: 'console', route: 'console', path: '/beheer', roles: ['lead'], screenshot: true },
  { name: 'console-admin', path: '/beheer', roles: ['admin'] },
  { name: 'console-forbidden', path: '/beheer', roles: ['user'], status: 403 },
  { name: 'console-edition-new', route: 'console_edition_new', path: '/beheer/edities/nieuw', roles: ['lead'] },
  {
    name: 'console-edition-new-errors',
    roles: ['lead'],
    status: 422,
    // Clear the fields that have a default, then send the form.
    open: async ({ page, base }) => {
      await page.goto(`${base}/beheer/edities/nieuw`);
      for (const f of await page.locator('form.lwp-form').locator('input:not([type=hidden]), textarea').all()) {
        await f.fill('');
      }
      return submit(page, 'form.lwp-form');
    },
  },
  { name: 'console-edition', route: 'console_edition', path: `/beheer/edities/${CLOSED}`, roles: ['lead', 'admin'] },
  { name: 'console-edition-open', path: `/beheer/edities/${OPEN}`, roles: ['lead'] },
  { name: 'console-applications', route: 'console_applications', path: `/beheer/edities/${CLOSED}/aanmeldingen`, roles: ['lead'], screenshot: true },
  {
    name: 'console-applications-filtered',
    path: `/beheer/edities/${CLOSED}/aanmeldingen?status=accepted&kind=ministry&theme=`,
    roles: ['lead'],
  },
  { name: 'console-application', route: 'console_application', path: '/beheer/aanmeldingen/3', roles: ['lead'], screenshot: true },
  { name: 'console-selection', route: 'selection', path: `/beheer/edities/${CLOSED}/selectie`, roles: ['lead'] },
  { name: 'console-audit', route: 'console_audit', path: '/beheer/audit', roles: ['lead', 'admin'] },

  // Privacy rights: the download page of a link mailed from the private
  // page (the link read from the outbox), the notices after asking, and the
  // console's requests for erasure (one asked for first).
  {
    name: 'download', route: 'download',
    roles: ['public'],
    open: async (ctx) => {
      await ctx.page.goto(ctx.base + (await applyByApi(ctx)).path);
      await Promise.all([
        ctx.page.waitForNavigation(),
        ctx.page.locator('form[action$="/gegevens"] button').click(),
      ]);
      const links = (await ctx.server.cli(['backup', '-'])).match(/\/mijn-gegevens\/[0-9a-f]{64}/g);
      if (!links) throw new Error('no download link in the outbox');
      return ctx.page.goto(ctx.base + links[links.length - 1]);
    },
  },
  {
    name: 'application-erasure-asked',
    roles: ['public'],
    open: async (ctx) => {
      await ctx.page.goto(ctx.base + (await applyByApi(ctx)).path);
      const [res] = await Promise.all([
        ctx.page.waitForNavigation(),
        ctx.page.locator('form[action$="/verwijderen"] button').click(),
      ]);
      return res;
    },
  },
  // Writing to groups: the form, its preview, and a message's delivery
  // (to the open edition's participants, one imported first).
  { name: 'console-messages', route: 'console_messages', path: `/beheer/edities/${OPEN}/berichten`, roles: ['lead', 'admin'] },
  {
    name: 'console-messages-preview',
    roles: ['lead'],
    open: async (ctx) => {
      const { page, base } = ctx;
      await importParticipant(ctx);
      await page.goto(`${base}/beheer/edities/${OPEN}/berichten`);
      await page.locator('select[name="to"]').selectOption('participants');
      await page.locator('input[name="subject_nl"]').fill('Bijeenkomst');
      await page.locator('textarea[name="body_nl"]').fill('Beste deelnemers,\n\nTot dinsdag.');
      await page.locator('input[name="subject_en"]').fill('Meeting');
      await page.locator('textarea[name="body_en"]').fill('Dear participants,\n\nSee you Tuesday.');
      const [res] = await Promise.all([
        page.waitForNavigation(),
        page.locator('button[value="voorbeeld"]').click(),
      ]);
      return res;
    },
  },
  {
    name: 'console-message', route: 'console_message',
    roles: ['lead'],
    open: async (ctx) => {
      const dir = await importParticipant(ctx);
      const nl = path.join(dir, 'nl.txt');
      const en = path.join(dir, 'en.txt');
      fs.writeFileSync(nl, 'Beste deelnemers,\n\nTot dinsdag.\n');
      fs.writeFileSync(en, 'Dear participants,\n\nSee you Tuesday.\n');
      const out = await ctx.server.cli(['message', 'send', OPEN, '--to', 'participants',
        '--subject-nl', 'Bijeenkomst', '--subject-en', 'Meeting',
        '--body-nl-file', nl, '--body-en-file', en]);
      const m = out.match(/message (\d+) queued/);
      if (!m) throw new Error(`lwp message send: ${out}`);
      return ctx.page.goto(`${ctx.base}/beheer/edities/${OPEN}/berichten/${m[1]}`);
    },
  },
  { name: 'console-reports', route: 'console_reports', path: `/beheer/edities/${CLOSED}/rapporten`, roles: ['lead', 'admin'], screenshot: true },
  {
    name: 'console-privacy', route: 'console_privacy',
    roles: ['lead', 'admin'],
    open: async (ctx) => {
      const email = `erase.${Date.now()}.${ctx.lang}.${ctx.role}@example.org`;
      await ctx.server.cli(['user', 'add', email, '--name', 'Erase Test']);
      await ctx.server.cli(['privacy', 'request', email]);
      return ctx.page.goto(ctx.base + '/beheer/privacy');
    },
  },
];

module.exports = { pages, roles, applyByApi, OPEN, CLOSED };
