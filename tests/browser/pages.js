'use strict';
// Every page of the product, in one place. The browser suite (run.js) opens
// each page below in Dutch and in English as each role listed, checks that
// it loads with the expected status and no browser error (a CSP violation
// included), runs axe-core with the WCAG 2.1 A and AA rules, runs the Nu HTML
// checker on the HTML the server sent, and takes the screenshots asked for.
//
// A new page is added here and nowhere else:
//   name        unique; used in test names and screenshot file names
//   path        the address to open (or give open() instead)
//   roles       the roles that can see the page (keys of `roles` below)
//   status      the HTTP status expected of the document (default 200)
//   open        async ({page, base, lang, role, server}) => Response of the
//               document (server.cli(args) runs the lwp CLI on its database);
//               for pages reached by a form or a redirect (default: goto path)
//   screenshot  true: full-page screenshots at desktop and phone width go to
//               tests/out/screenshots/NAME-LANG-WIDTH.png

const OPEN = 'leerwerkplaats-demo';   // demo edition open for applications (fcfs)
const CLOSED = 'leerwerkplaats-2018'; // the first edition, deadline passed

// Roles, and how a browser context becomes one: login({page, base, lang,
// server}) runs in a fresh context before the page is opened. Only `public`
// is here yet; a signed-in role is added with a login step, e.g.
//   lead: { login: async ({ page, base, server }) => {
//     await server.cli(['user', 'add', 'lead@example.org', '--name', 'Lead', '--password-stdin'], 'pw\n');
//     await server.cli(['user', 'grant', 'lead@example.org', 'lead']);
//     ...sign in at /inloggen with the keyboard or page.fill...
//   } },
// and then named in the `roles` of the pages it can see (the lead console
// under /beheer, with screenshot: true).
const roles = {
  public: { login: async () => {} },
};

let applicants = 0;

// An application made through the JSON API; returns the path of the
// applicant's private page.
async function applyByApi({ page, base }, edition = OPEN) {
  applicants += 1;
  const res = await page.request.post(`${base}/api/v1/editions/${edition}/applications`, {
    data: {
      name: `Browser Test ${applicants}`,
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
  return new URL((await res.json()).url).pathname;
}

const pages = [
  { name: 'home', path: '/', roles: ['public'] },
  { name: 'invitation', path: `/edities/${OPEN}`, roles: ['public'], screenshot: true },
  { name: 'invitation-closed', path: `/edities/${CLOSED}`, roles: ['public'] },
  { name: 'apply-form', path: `/edities/${OPEN}/aanmelden`, roles: ['public'] },
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
    name: 'application',
    roles: ['public'],
    screenshot: true,
    open: async (ctx) => ctx.page.goto(ctx.base + await applyByApi(ctx) + '?ontvangen=1'),
  },
  {
    name: 'application-withdrawn',
    roles: ['public'],
    open: async (ctx) => {
      await ctx.page.goto(ctx.base + await applyByApi(ctx));
      const [res] = await Promise.all([
        ctx.page.waitForNavigation(),
        ctx.page.locator('form[action$="/intrekken"] button').click(),
      ]);
      return res;
    },
  },
  { name: 'privacy', path: '/privacy', roles: ['public'] },
  { name: 'login', path: '/inloggen', roles: ['public'] },
  { name: 'accessibility', path: '/toegankelijkheid', roles: ['public'] },
  { name: 'not-found', path: '/bestaat-niet', roles: ['public'], status: 404 },
  { name: 'edition-not-found', path: '/edities/bestaat-niet', roles: ['public'], status: 404 },
  { name: 'application-not-found', path: '/aanmelding/onbekend', roles: ['public'], status: 404 },
];

module.exports = { pages, roles, OPEN, CLOSED };
