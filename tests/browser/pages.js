'use strict';
const { request } = require('playwright-core');
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

const { signedIn, leadFirstStep, newUser, signInWithPassword, enrolTotp, expectPath, submit } = require('./accounts');
const fs = require('fs');
const os = require('os');
const path = require('path');

const OPEN = 'leerwerkplaats-demo';   // demo edition open for applications (fcfs)
const CLOSED = 'leerwerkplaats-2018'; // the first edition, deadline passed

// Roles, and how a browser context becomes one: login({page, base, lang,
// server}) runs in a fresh context before the page is opened. A signed-in
// role signs in once per run (accounts.js: password, and TOTP for leads and
// admins) and each of its pages gets that session's cookie. shared: login
// only hands the context the role's session, so the pages opened by their
// address (no open()) may share one context per language (run.js).
const roles = {
  public: { login: async () => {}, shared: true },
  // signed in, no roles
  user: { login: signedIn('user'), shared: true },
  // lead of every edition, second step passed
  lead: { login: signedIn('lead'), shared: true },
  admin: { login: signedIn('admin'), shared: true },
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
// The selection while it is computed on the worker pool: a new edition
// each time (so its plan is in no cache), past its deadline. The page's
// Refresh header is taken off on the way, so that the browser stays on the
// "being computed" page to be checked rather than reload it.
let computingCount = 0;
async function openComputing(ctx) {
  const slug = `berekend-${Date.now()}-${computingCount++}`;
  await ctx.server.cli(['edition', 'create', '--slug', slug, '--title', 'Berekening test',
    '--capacity', '1', '--deadline', '2099-01-01 12:00', '--policy', 'diversity',
    '--org-cap', '0', '--fee', '100', '--publish']);
  const api = await request.newContext(); // without the lead's cookies
  try {
    for (let i = 0; i < 2; i += 1) await applyByApi({ page: { request: api }, base: ctx.base }, slug);
  } finally {
    await api.dispose();
  }
  await ctx.server.cli(['edition', 'deadline', slug, '2020-01-01 12:00']);
  const url = `${ctx.base}/beheer/edities/${slug}/selectie`;
  await ctx.page.route(url, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if (headers.refresh === undefined) throw new Error(`${url} was not being computed`);
    delete headers.refresh;
    await route.fulfill({ response, headers });
  });
  return ctx.page.goto(url);
}

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
  // Confirming gives who keeps a place a new private link (in the
  // selection mail; the first link stops working): the accepted one's is
  // the last link in the outbox addressed to them.
  const list = JSON.parse(await ctx.server.cli(['applications', 'list', slug, '--json']));
  const chosen = list.applications.find((a) => a.status === 'accepted') || first;
  const lines = (await ctx.server.cli(['backup', '-'])).split('\n')
    .filter((l) => l.includes(chosen.name) && /\/aanmelding\/[0-9a-f]{64}/.test(l));
  if (!lines.length) throw new Error('no selection mail with a private link in the outbox');
  const link = lines[lines.length - 1].match(/\/aanmelding\/[0-9a-f]{64}/g).pop();
  await ctx.page.goto(ctx.base + link);
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

// An initiative registered through the JSON API by the signed-in browser
// (the CSRF token of its session); resolves to its id.
async function registerByApi({ page, base }, title) {
  const session = await (await page.request.get(`${base}/api/v1/session`)).json();
  const res = await page.request.post(`${base}/api/v1/initiatives`, {
    headers: { 'X-CSRF-Token': session.csrf_token },
    data: {
      title, organisation: 'Ministerie van Testzaken', organisation_kind: 'ministry',
      theme: 'both', stage: 'idea', tags: 'testen, netwerk', visibility: 'network',
      summary: 'Een initiatief van de browsertest.', question: 'Werkt elke pagina?',
    },
  });
  if (res.status() !== 201) throw new Error(`registering answered ${res.status()}: ${await res.text()}`);
  return (await res.json()).id;
}

// A nomination through the API; resolves to the path of its confirmation
// page (the link of the mail, read from the outbox in a backup).
async function nominationLink({ page, base, server, lang }) {
  const title = `Voorgedragen in de browser ${lang} ${Date.now()}`;
  const res = await page.request.post(`${base}/api/v1/nominations`, {
    data: {
      title, organisation: 'Gemeente Testdorp', organisation_kind: 'local', theme: 'new_changing',
      summary: 'Een voorgedragen initiatief.', name: 'Nora Nominator',
      email: `nora.${Date.now()}@example.org`, visibility: 'public',
    },
  });
  if (res.status() !== 202) throw new Error(`nominating answered ${res.status()}: ${await res.text()}`);
  const links = (await server.cli(['backup', '-'])).match(/\/initiatieven\/bevestigen\/[0-9a-f]{64}/g);
  if (!links) throw new Error('no confirmation link in the outbox');
  return links[links.length - 1];
}

// Invoices of the demo's 2018 edition (src/cli/demo_invoices.c) through the
// lead's JSON API (the context's session; CSRF token from /api/v1/session):
// the list, and a private link of an organisation's contact, made by
// crediting a sent invoice with a new draft and sending that draft (the
// answer carries the contact's link).
async function invoices({ page, base }) {
  const res = await page.request.get(`${base}/api/v1/manage/editions/${CLOSED}/invoices`);
  if (res.status() !== 200) throw new Error(`invoice list: HTTP ${res.status()}`);
  return (await res.json()).invoices;
}

async function privateInvoicePath(ctx) {
  const { page, base } = ctx;
  const session = await (await page.request.get(`${base}/api/v1/session`)).json();
  const headers = { 'X-CSRF-Token': session.csrf_token };
  const api = `${base}/api/v1/manage/editions/${CLOSED}/invoices`;
  // The two languages run at once: each takes an invoice of its own.
  const all = await invoices(ctx);
  const corrected = new Set(all.map((d) => d.corrects).filter(Boolean));
  const open = all.filter((d) => d.kind === 'invoice' && d.status !== 'draft' && !corrected.has(d.number));
  const sent = ctx.lang === 'nl' ? open[0] : open[open.length - 1];
  const credit = await page.request.post(`${api}/${sent.number}/credit`,
    { headers, data: { reason: 'Browsertest: nieuwe kostenplaats', new_draft: true } });
  if (credit.status() !== 200) throw new Error(`credit: HTTP ${credit.status()}`);
  const draft = (await invoices(ctx)).find((d) => d.status === 'draft' && d.organisation_id === sent.organisation_id);
  const res = await page.request.post(`${api}/${draft.number}/send`, { headers, data: {} });
  if (res.status() !== 200) throw new Error(`send: HTTP ${res.status()} ${await res.text()}`);
  return new URL((await res.json()).contact_link, base).pathname;
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
      // The request is queued; the server's background job makes the link
      // within a few seconds.
      for (let i = 0; i < 100; i++) {
        const backup = await ctx.server.cli(['backup', '-']);
        const links = backup.match(/\/inloggen\/link\/[0-9a-f]{64}/g) || [];
        const mine = backup.split('\n').filter((l) => l.includes(email) && l.includes('/inloggen/link/'));
        if (mine.length) {
          const link = mine[mine.length - 1].match(/\/inloggen\/link\/[0-9a-f]{64}/)[0];
          return ctx.page.goto(ctx.base + link);
        }
        if (links.length > 1000) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      throw new Error('no login link for ' + email + ' in the outbox');
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
  { name: 'console-selection', route: 'selection', path: '/beheer/edities/leerwerkplaats-2019/selectie', roles: ['lead'] },
  { name: 'console-selection', route: 'selection', path: `/beheer/edities/${CLOSED}/selectie`, roles: ['lead'] },
  { name: 'console-subgroups', route: 'subgroups', path: `/beheer/edities/${CLOSED}/subgroepen`, roles: ['lead'], screenshot: true },
  { name: 'console-audit', route: 'console_audit', path: '/beheer/audit', roles: ['lead', 'admin'] },

  // Meetings, polls and attendance (the demo's 2018 edition: meeting 2 is
  // the residential two-day start, poll 1 planned the first extra day).
  { name: 'meetings', route: 'meetings', path: `/beheer/edities/${CLOSED}/bijeenkomsten`, roles: ['lead', 'admin'], screenshot: true },
  { name: 'meeting-new', route: 'meeting_new', path: `/beheer/edities/${CLOSED}/bijeenkomsten/nieuw`, roles: ['lead'] },
  {
    name: 'meeting-new-errors',
    roles: ['lead'],
    status: 422,
    open: async ({ page, base }) => {
      await page.goto(`${base}/beheer/edities/${CLOSED}/bijeenkomsten/nieuw`);
      return submit(page, `form[action="/beheer/edities/${CLOSED}/bijeenkomsten"]`);
    },
  },
  { name: 'meeting', route: 'meeting', path: `/beheer/edities/${CLOSED}/bijeenkomsten/2`, roles: ['lead'] },
  { name: 'attendance', route: 'attendance', path: `/beheer/edities/${CLOSED}/bijeenkomsten/2/aanwezigheid?dag=2`, roles: ['lead'], screenshot: true },
  { name: 'attendance-overview', route: 'attendance_overview', path: `/beheer/edities/${CLOSED}/aanwezigheid`, roles: ['lead'], screenshot: true },
  { name: 'poll-new', route: 'poll_new', path: `/beheer/edities/${CLOSED}/peilingen/nieuw`, roles: ['lead'] },
  { name: 'poll', route: 'poll', path: `/beheer/edities/${CLOSED}/peilingen/1`, roles: ['lead'], screenshot: true },
  {
    // An invitee's answer page: a new poll, its private link read from
    // the outbox (lwp backup).
    name: 'poll-answer', route: 'poll_answer',
    roles: ['public'],
    screenshot: true,
    open: async (ctx) => {
      await ctx.server.cli(['poll', 'create', CLOSED, '--title', `Peiling ${ctx.lang}`,
        '--candidate', '2099-03-10 13:00-17:00', '--candidate', '2099-03-12..2099-03-13 09:30-17:00']);
      const links = (await ctx.server.cli(['backup', '-'])).match(/\/peiling\/[0-9a-f]{64}/g);
      if (!links) throw new Error('no poll link in the outbox');
      return ctx.page.goto(ctx.base + links[links.length - 1]);
    },
  },
  {
    name: 'account-calendar-link',
    roles: ['user'],
    open: async ({ page, base }) => {
      await page.goto(`${base}/account`);
      return submit(page, 'form[action="/account/agenda"]');
    },
  },
  { name: 'console-edition-audit', route: 'console_edition_audit', path: `/beheer/edities/${CLOSED}/audit`, roles: ['lead'] },
  { name: 'console-organisations', route: 'console_organisations', path: '/beheer/organisaties', roles: ['lead'], screenshot: true },
  {
    // The selection being computed (on the worker pool): a notice and a
    // plain link to reload, no script.
    name: 'console-selection-computing',
    roles: ['lead'],
    open: openComputing,
  },
  {
    // After confirming: the accepted with what they add, the waiting list
    // in order, the declined (an edition of its own, confirmed by the CLI).
    name: 'console-selection-confirmed',
    roles: ['lead'],
    open: async (ctx) => {
      const slug = await makeConfirmed(ctx);
      return ctx.page.goto(`${ctx.base}/beheer/edities/${slug}/selectie`);
    },
  },
  // The network of initiatives.
  { name: 'initiatives', route: 'initiatives', path: '/initiatieven', roles: ['public', 'lead'], screenshot: true },
  { name: 'initiatives-search', path: '/initiatieven?q=zelfsturende+teams&theme=new_organising&kind=agency&stage=&tag=&organisation=', roles: ['public'] },
  { name: 'initiative', route: 'initiative', path: '/initiatieven/1', roles: ['public', 'lead'], screenshot: true },
  { name: 'initiative-not-found', path: '/initiatieven/999999', roles: ['public'], status: 404 },
  { name: 'initiative-new', route: 'initiative_new', path: '/initiatieven/nieuw', roles: ['user'] },
  {
    name: 'initiative-new-errors',
    roles: ['user'],
    status: 422,
    open: async ({ page, base }) => {
      await page.goto(`${base}/initiatieven/nieuw`);
      return submit(page, 'form[action="/initiatieven/nieuw"]');
    },
  },
  {
    name: 'initiative-own', route: 'initiative_edit',
    roles: ['user'],
    open: async (ctx) => {
      const id = await registerByApi(ctx, `Eigen initiatief ${ctx.lang} ${Date.now()}`);
      return ctx.page.goto(`${ctx.base}/initiatieven/${id}/bewerken`);
    },
  },
  {
    name: 'initiative-owner-view',
    roles: ['user'],
    open: async (ctx) => {
      const id = await registerByApi(ctx, `Eigen initiatief bekeken ${ctx.lang} ${Date.now()}`);
      return ctx.page.goto(`${ctx.base}/initiatieven/${id}?klaar=1`);
    },
  },
  { name: 'nominate', route: 'nominate', path: '/initiatieven/voordragen', roles: ['public'] },
  {
    name: 'nominate-errors',
    roles: ['public'],
    status: 422,
    open: async ({ page, base }) => {
      await page.goto(`${base}/initiatieven/voordragen`);
      return submit(page, 'form[action="/initiatieven/voordragen"]');
    },
  },
  { name: 'nominate-sent', path: '/initiatieven/voordragen?verstuurd=1', roles: ['public'] },
  {
    name: 'nomination', route: 'nomination',
    roles: ['public'],
    open: async (ctx) => ctx.page.goto(ctx.base + (await nominationLink(ctx))),
  },
  {
    name: 'nomination-confirmed',
    roles: ['public'],
    open: async (ctx) => {
      await ctx.page.goto(ctx.base + (await nominationLink(ctx)));
      return submit(ctx.page, 'form[action^="/initiatieven/bevestigen/"]');
    },
  },
  { name: 'connections', route: 'connections', path: '/netwerk/verbindingen', roles: ['user', 'lead'] },
  { name: 'directory', route: 'directory', path: '/netwerk/leden', roles: ['user', 'lead'], screenshot: true },
  { name: 'network-map', route: 'network_map', path: '/netwerk/kaart', roles: ['public', 'lead'], screenshot: true },
  { name: 'network-map-filtered', path: '/netwerk/kaart?edition=1&theme=new_organising&kind=', roles: ['public'] },
  { name: 'network-figures', route: 'network_figures', path: '/netwerk/cijfers', roles: ['public'], screenshot: true },
  { name: 'console-invoices', route: 'invoices', path: `/beheer/edities/${CLOSED}/facturen`, roles: ['lead'] },
  {
    name: 'console-invoice-print', route: 'invoice_print',
    path: `/beheer/edities/${CLOSED}/facturen/2018-0001`, roles: ['lead'], screenshot: true,
  },
  { name: 'console-invoice-charges', route: 'invoice_charges', path: `/beheer/edities/${CLOSED}/kosten`, roles: ['lead'] },
  {
    name: 'console-invoice-billing', route: 'invoice_billing', roles: ['lead'],
    open: async (ctx) => {
      const { page, base } = ctx;
      const org = (await invoices(ctx))[0].organisation_id;
      return page.goto(`${base}/beheer/edities/${CLOSED}/facturatiegegevens/${org}`);
    },
  },
  { name: 'console-invoice-costs', route: 'invoice_costs', path: `/beheer/edities/${CLOSED}/kostenoverzicht`, roles: ['lead'], screenshot: true },
  { name: 'console-invoice-seller', route: 'invoice_seller', path: '/beheer/verkoper', roles: ['lead', 'admin'] },
  {
    // a public page; the lead's context makes the link through the API
    name: 'invoice-private', route: 'invoice_private', roles: ['lead'],
    open: async (ctx) => ctx.page.goto(ctx.base + (await privateInvoicePath(ctx))),
  },
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
  // The 2018 edition has two subgroups: each is a group to write to.
  { name: 'console-messages-subgroups', route: 'console_messages', path: `/beheer/edities/${CLOSED}/berichten`, roles: ['lead'] },
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
  { name: 'console-report-attendance', route: 'console_report_attendance', path: `/beheer/edities/${CLOSED}/rapporten/aanwezigheid`, roles: ['lead', 'admin'], screenshot: true },
  { name: 'console-report-costs', route: 'console_report_costs', path: `/beheer/edities/${CLOSED}/rapporten/kosten`, roles: ['lead', 'admin'], screenshot: true },
  { name: 'console-report-diversity', route: 'console_report_diversity', path: `/beheer/edities/${CLOSED}/rapporten/diversiteit`, roles: ['lead', 'admin'], screenshot: true },
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

// A diversity edition of two places with four applicants, confirmed; once
// per run (the promise is shared by the pages that run at the same time).
// The applications come through the API without the lead's cookies.
let confirmed = null;
function makeConfirmed(ctx) {
  if (!confirmed) {
    confirmed = (async () => {
      const slug = `bevestigd-${Date.now()}`;
      await ctx.server.cli(['edition', 'create', '--slug', slug, '--title', 'Bevestigde selectie',
        '--capacity', '2', '--deadline', '2099-01-01 12:00', '--policy', 'diversity',
        '--org-cap', '0', '--fee', '100', '--publish']);
      const api = await request.newContext();
      try {
        for (let i = 0; i < 4; i += 1) await applyByApi({ page: { request: api }, base: ctx.base }, slug);
      } finally {
        await api.dispose();
      }
      await ctx.server.cli(['edition', 'deadline', slug, '2020-01-01 12:00']);
      await ctx.server.cli(['select', slug]);
      return slug;
    })();
  }
  return confirmed;
}

module.exports = { pages, roles, applyByApi, OPEN, CLOSED };
