'use strict';
// Accounts for the browser suite: users made with the lwp CLI on the demo
// database, sign-in with the password form, two-step verification with a
// TOTP code computed here (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits), and
// one signed-in session per role that every page of that role reuses.
//
// Why one session per role: the server accepts a TOTP step only once per
// user (a code cannot be replayed), so signing in a lead for each of the
// many page checks would need a fresh 30-second step each time. A role
// signs in once, in a context of its own, and the session cookie goes into
// the context of each page checked as that role.

const crypto = require('node:crypto');

const PASSWORD = 'Zeven-lange-fietsen-42';
const STEP = 30;

// RFC 4648 base32 (no padding needed) to bytes.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(ch)} in ${JSON.stringify(text)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

// The 6-digit code of a base32 secret for the 30 s step holding unix time
// `at` (seconds).
function totp(secret, at) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / STEP)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// A code for the step `offset` steps from now (-1: the step before, the
// oldest the server accepts). Near the end of a step it waits for the next
// one, so the server, a moment later, still accepts the code.
async function totpNow(secret, offset = 0) {
  const left = STEP - ((Date.now() / 1000) % STEP);
  if (left < 2) await new Promise((r) => setTimeout(r, left * 1000 + 100));
  return totp(secret, Date.now() / 1000 + offset * STEP);
}

let users = 0;

// A new user made with the CLI, with a password and the given grants
// ([role] or [role, edition slug]); returns { email, password }.
async function newUser(server, name, grants = []) {
  users += 1;
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${users}.${process.pid}@example.org`;
  await server.cli(['user', 'add', email, '--name', name, '--lang', 'nl', '--password-stdin'], `${PASSWORD}\n`);
  for (const [role, edition] of grants) {
    await server.cli(['user', 'grant', email, role, ...(edition ? ['--edition', edition] : [])]);
  }
  return { email, password: PASSWORD };
}

// Submit a form by clicking its submit button; resolves to the response of
// the document the browser ends on (after redirects).
async function submit(page, form) {
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.locator(form).locator('button[type=submit]').click(),
  ]);
  return res;
}

// Sign in with the password form of /inloggen; resolves to the response of
// the page the server sends the user to.
async function signInWithPassword(page, base, user) {
  await page.goto(`${base}/inloggen`);
  await page.fill('form[action="/inloggen/wachtwoord"] input[name=user]', user.email);
  await page.fill('form[action="/inloggen/wachtwoord"] input[name=password]', user.password);
  return submit(page, 'form[action="/inloggen/wachtwoord"]');
}

// On /account/tweestaps: read the secret, enter the code of the step
// `offset` from now; resolves to { res, secret } (res: the recovery codes).
async function enrolTotp(page, offset = 0) {
  const secret = await page.locator('form[action="/account/tweestaps"] input[name=secret]').inputValue();
  if (!/^[A-Z2-7]{32}$/.test(secret)) throw new Error(`unexpected TOTP secret ${JSON.stringify(secret)}`);
  await page.fill('form[action="/account/tweestaps"] input[name=code]', await totpNow(secret, offset));
  const res = await submit(page, 'form[action="/account/tweestaps"]');
  return { res, secret };
}

function expectPath(page, want, what) {
  const got = new URL(page.url()).pathname;
  if (got !== want) throw new Error(`${what}: ended on ${page.url()}, expected ${want}`);
}

// How each signed-in role comes about, in a browser context of its own;
// resolves once the context holds the role's session.
const SIGN_IN = {
  // Signed in, no roles: the password is the whole sign-in.
  async user({ page, base, server }) {
    const user = await newUser(server, 'Gewone Gebruiker');
    await signInWithPassword(page, base, user);
    expectPath(page, '/account', 'signing in without roles');
  },
  // Lead of all editions: password, then the first sign-in sets up TOTP,
  // which completes the second step.
  async lead({ page, base, server }) {
    const user = await newUser(server, 'Lea Leider', [['lead']]);
    await signInWithPassword(page, base, user);
    expectPath(page, '/account/tweestaps', 'a lead signing in for the first time');
    await enrolTotp(page);
    shared.leadUser = user;
  },
  async admin({ page, base, server }) {
    const user = await newUser(server, 'Ada Beheerder', [['admin']]);
    await signInWithPassword(page, base, user);
    expectPath(page, '/account/tweestaps', 'an admin signing in for the first time');
    await enrolTotp(page);
  },
};

const shared = { leadUser: null };
const sessions = new Map();

// The cookies of the role's session, signed in once per suite run.
function roleCookies(browser, base, server, role) {
  if (!sessions.has(role)) {
    sessions.set(role, (async () => {
      const context = await browser.newContext();
      context.setDefaultTimeout(15000);
      try {
        await SIGN_IN[role]({ page: await context.newPage(), base, server });
        const cookies = (await context.cookies()).filter((c) => /session/.test(c.name));
        if (cookies.length !== 1) throw new Error(`no session cookie after signing in as ${role}`);
        return cookies;
      } finally {
        await context.close();
      }
    })());
  }
  return sessions.get(role);
}

// A login step for pages.js: the page's context takes the role's session.
function signedIn(role) {
  return async ({ page, base, server }) => {
    const cookies = await roleCookies(page.context().browser(), base, server, role);
    await page.context().addCookies(cookies);
  };
}

// The lead of signedIn('lead') (who has TOTP by then), signed in again in
// this context with the password only: the session still lacks the second
// step. Resolves to the response of the page the server sends them to.
async function leadFirstStep({ page, base, server }) {
  await roleCookies(page.context().browser(), base, server, 'lead');
  return signInWithPassword(page, base, shared.leadUser);
}

module.exports = {
  PASSWORD, base32Decode, totp, totpNow, newUser, submit, signInWithPassword, enrolTotp,
  expectPath, signedIn, leadFirstStep,
};
