'use strict';
// The browser suite: every page of pages.js, in Dutch and English, as each
// role that can see it, in Debian's Chromium (playwright-core):
//   load   the document answers the expected status, in the right language,
//          with its style sheets, no sideways scrolling at 320 px (reflow),
//          and the browser reports no error (a CSP violation included);
//   axe    axe-core with the WCAG 2.1 A and AA rules finds no violation;
//   html   the Nu HTML checker (vnu-jar) finds no error in the served HTML;
// plus the screenshots pages.js asks for (tests/out/screenshots/), the
// keyboard-only tests of keyboard.js and the lead's work of lead.js (sign
// in with TOTP, publish an edition, change an application's status).
// Prints one line "N passed, N failed" at the end and exits non-zero on any
// failure.
//
// How it keeps within a few minutes on two cores (timing.js prints where
// the time went): the page checks run BROWSER_JOBS (2) at once; the pages
// opened by their address share one browser context per worker, language
// and role (a context of its own costs a new renderer process and an empty
// cache each time), those with open() get a fresh one; axe runs once per
// distinct served document and language (the console of a lead and of an
// admin, say, are the same bytes); the Nu checker runs in the background on
// batches of the files as they are written; and the flows, which change the
// demo's data for good, run in order meanwhile against a server of their own.

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { pages, roles } = require('./pages');
const { REPO, startServer, launchBrowser, runAxe, formatViolations, runVnu, untilComputed } = require('./lib');
const keyboard = require('./keyboard');
const lead = require('./lead');
const selection = require('./selection');
const subgroups = require('./subgroups');
const timing = require('./timing');

const LANGS = ['nl', 'en'];
// What a Dutch page must not show (tests/http/test_lead_fixes.py greps the
// same codes in the served HTML).
const ENGLISH_CODES = new RegExp(['\\((applicant|system|cli)\\)', ': selection\\b',
  '\\b(selection|application|applications|edition|login|account|role|organisation)\\.[a-z_]+\\b',
  '\\b(edition|application|user|organisation):[\\w-]+', '\\b(submitted|accepted|waitlisted|declined|withdrawn)\\b',
  '\\boffer expired\\b', '\\b\\d+\\.\\d{2}\\b'].join('|'), 'g');
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 812 },
];
const SCREENSHOTS = path.join(REPO, 'tests', 'out', 'screenshots');
const ALL_SCREENSHOTS = path.join(REPO, 'tests', 'out', 'screenshots-all');

let passed = 0;
let failed = 0;
function report(name, error) {
  if (error) {
    failed += 1;
    console.log(`FAIL ${name}\n${String(error.stack && !error.detail ? error.stack : error.message || error).replace(/^/gm, '     ')}`);
  } else {
    passed += 1;
    console.log(`ok   ${name}`);
  }
}

function detailError(message) {
  const e = new Error(message);
  e.detail = true;
  return e;
}

// A context in the given language: the lang cookie is what the language
// switch sets, Accept-Language what a browser sends.
async function newContext(browser, base, lang, viewport) {
  const context = await browser.newContext({
    locale: lang === 'nl' ? 'nl-NL' : 'en-GB',
    viewport: viewport || { width: 1280, height: 900 },
  });
  await context.addCookies([{ name: 'lang', value: lang, url: base }]);
  context.setDefaultTimeout(15000);
  return context;
}

// A worker's browser contexts: for a page opened by its address as a role
// whose sign-in only hands the context that role's session cookie
// (`shared` in pages.js), one context and page per language and role is
// kept and reused (at most KEEP of them, the least recently used closed);
// any other page gets a fresh context, closed after it.
const KEEP = 4;
class Contexts {
  constructor(browser, server) {
    this.browser = browser;
    this.server = server;
    this.kept = new Map(); // "lang role" -> { context, page, ready }
  }

  async get(spec, lang, role) {
    const fresh = async () => {
      const context = await newContext(this.browser, this.server.base, lang);
      return { context, page: await context.newPage(), ready: false };
    };
    if (spec.open || !roles[role].shared) return { ...(await fresh()), keep: false };
    const key = `${lang} ${role}`;
    let e = this.kept.get(key);
    if (e) {
      this.kept.delete(key);
    } else {
      e = await fresh();
      if (this.kept.size >= KEEP) {
        const [oldKey, old] = this.kept.entries().next().value;
        this.kept.delete(oldKey);
        await old.context.close();
      }
    }
    this.kept.set(key, e);
    // The last check may have left it at a screenshot's width.
    if (e.ready) await e.page.setViewportSize({ width: 1280, height: 900 });
    return { ...e, keep: true, entry: e, key };
  }

  async release(c, ok) {
    if (c.keep && ok) return;
    if (c.keep && this.kept.get(c.key) === c.entry) this.kept.delete(c.key);
    await c.context.close();
  }

  async close() {
    for (const e of this.kept.values()) await e.context.close().catch(() => {});
    this.kept.clear();
  }
}

// axe's findings per served document and language: a document served
// byte for byte the same (the same page for two roles, say) renders the same
// and is checked once; resolves to the violations.
const axeByDocument = new Map();
function axeOnce(page, lang, html) {
  const key = crypto.createHash('sha256').update(`${lang}\0${html}`).digest('hex');
  if (!axeByDocument.has(key)) axeByDocument.set(key, timing.timed('axe', () => runAxe(page)));
  else timing.add('axe (same document)', 0);
  return axeByDocument.get(key);
}

// Open one page as one role in one language; returns the checks' results
// and the served HTML (written to htmlDir for the Nu checker: vnu.add).
function checkPage(contexts, vnu, spec, lang, role, htmlDir, index) {
  return timing.timed('page total', () => checkPageTimed(contexts, vnu, spec, lang, role, htmlDir, index), spec.name);
}

async function checkPageTimed(contexts, vnu, spec, lang, role, htmlDir, index) {
  const { server } = contexts;
  const { base } = server;
  const id = `${spec.name} [${lang}, ${role}]`;
  const c = await timing.timed('context', () => contexts.get(spec, lang, role));
  const { page } = c;
  const problems = [];
  const listeners = {
    console: (msg) => {
      // A document answered with 4xx is logged as "Failed to load resource";
      // failed subresources are caught by the response listener below.
      if (/^Failed to load resource/.test(msg.text())) return;
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
    },
    pageerror: (err) => problems.push(`page error: ${err.message}`),
    requestfailed: (req) => problems.push(`request failed: ${req.url()} ${req.failure() && req.failure().errorText}`),
    response: (res) => {
      if (res.status() >= 400 && res.request().resourceType() !== 'document') {
        problems.push(`${res.status()} for ${res.url()}`);
      }
    },
  };
  for (const [event, fn] of Object.entries(listeners)) page.on(event, fn);
  const ctx = { page, base, lang, role, server };
  const result = { id, html: null };
  let ok = false;
  try {
    if (!c.ready) {
      await timing.timed('sign-in', () => roles[role].login(ctx));
      c.ready = true;
      if (c.entry) c.entry.ready = true;
    }
    const res = await timing.timed(spec.open ? 'open()' : 'goto', async () => {
      const r = await untilComputed(page, spec.open ? await spec.open(ctx) : await page.goto(base + spec.path));
      await page.waitForLoadState('load');
      return r;
    });
    const tChecks = Date.now();
    const want = spec.status || 200;
    if (!res) throw detailError('no document response');
    if (res.status() !== want) {
      const h1 = await page.locator('h1').first().innerText({ timeout: 1000 }).catch(() => '');
      problems.push(`status ${res.status()}, expected ${want}, at ${page.url()}: ${JSON.stringify(h1)}`);
    }
    // A page opened by its address must not have been sent elsewhere (to
    // sign in, say) and pass by answering the other page.
    if (!spec.open) {
      const wantPath = new URL(base + spec.path).pathname;
      if (new URL(page.url()).pathname !== wantPath) problems.push(`ended on ${page.url()}, not ${spec.path}`);
    }
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    if (htmlLang !== lang) problems.push(`<html lang="${htmlLang}">, expected "${lang}"`);
    const sheets = await page.evaluate(() => Array.from(document.styleSheets).map((s) => s.cssRules.length));
    if (sheets.length < 2 || sheets.some((n) => n === 0)) problems.push(`style sheets not applied: ${JSON.stringify(sheets)}`);
    // Nothing scrolls sideways at desktop width either.
    const desktop = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    if (desktop[0] > desktop[1]) problems.push(`at 1280 px the page is ${desktop[0]} px wide`);
    // At desktop width a table shows every column: its scrolling region
    // (widgets.c) is for phones, not for hiding the last columns at 1280.
    const hidden = await page.evaluate(() => Array.from(document.querySelectorAll('.lwp-table-scroll'))
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.getAttribute('aria-labelledby')} (${el.scrollWidth} in ${el.clientWidth} px)`));
    if (hidden.length) problems.push(`at 1280 px tables scroll sideways: ${hidden.join(', ')}`);
    // A Dutch page shows no English codes (statuses, audit actions and
    // objects, history actors and notes): they belong in data attributes.
    if (lang === 'nl') {
      const text = await page.evaluate(() => (document.querySelector('main') || document.body).innerText);
      const codes = text.match(ENGLISH_CODES);
      if (codes) problems.push(`English codes on a Dutch page: ${[...new Set(codes)].join(', ')}`);
    }
    // Reflow (WCAG 1.4.10): at 320 CSS pixels nothing scrolls sideways.
    // (What is too wide is looked for only then: a walk over every element.)
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => {
      const { scrollWidth: scroll, clientWidth: client } = document.documentElement;
      const wide = scroll <= client ? [] : Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > client + 1)
        .map((el) => el.tagName.toLowerCase() + (el.className ? `.${String(el.className).split(' ').join('.')}` : ''));
      return { scroll, client, wide: wide.slice(0, 5) };
    });
    if (overflow.scroll > overflow.client) {
      problems.push(`at 320 px the page is ${overflow.scroll} px wide (reflow); too wide: ${overflow.wide.join(', ')}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    result.html = await res.text();
    // (the job's number too: two pages of pages.js may share a name)
    const file = path.join(htmlDir, `${spec.name}.${lang}.${role}.${index}.html`);
    fs.writeFileSync(file, result.html);
    result.file = file;
    vnu.add(file, result.html);
    timing.add('load checks', Date.now() - tChecks);
    report(`load ${id}`, problems.length ? detailError(problems.join('\n')) : null);

    const violations = await axeOnce(page, lang, result.html);
    report(`axe  ${id}`, violations.length
      ? detailError(`${violations.length} WCAG 2.1 A/AA violation(s):\n${formatViolations(violations)}`) : null);

    // SHOTS=all: every page, as every role, to tests/out/screenshots-all/
    // (to look over the layout); the ones pages.js asks for go to
    // tests/out/screenshots/ in any case.
    const all = process.env.SHOTS === 'all';
    if (spec.screenshot || all) {
      const tShot = Date.now();
      try {
        const dir = spec.screenshot ? SCREENSHOTS : ALL_SCREENSHOTS;
        const name = spec.screenshot ? spec.name : `${spec.name}-${role}`;
        fs.mkdirSync(dir, { recursive: true });
        for (const w of WIDTHS) {
          await page.setViewportSize({ width: w.width, height: w.height });
          await page.screenshot({ path: path.join(dir, `${name}-${lang}-${w.name}.png`), fullPage: true });
        }
        report(`shot ${id}`, null);
      } catch (e) {
        report(`shot ${id}`, e);
      }
      timing.add('screenshots', Date.now() - tShot);
    }
    ok = true;
  } catch (e) {
    report(`load ${id}`, e);
  } finally {
    for (const [event, fn] of Object.entries(listeners)) page.off(event, fn);
    // A context whose check failed is not used again.
    await timing.timed('context', () => contexts.release(c, ok));
  }
  return result;
}

// Run the jobs (functions of a worker's state returning promises) with at
// most `width` at once, each worker with the state makeState() gives it
// (closed with closeState at the end); resolves to the results in order.
async function pool(jobs, width, makeState, closeState) {
  const results = new Array(jobs.length);
  let next = 0;
  async function worker() {
    const state = makeState();
    try {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i](state);
      }
    } finally {
      await closeState(state);
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

// The Nu HTML checker in the background: files are checked in batches of a
// third of the expected number as they are written (one java at a time:
// each start costs a second or so of CPU), the rest by done(),
// which resolves to { byFile, errors }: byFile maps each file to its errors
// (and null to messages of no file), errors lists the runs that failed. A
// file served byte for byte like one before is not checked again: it takes
// that file's messages.
class Vnu {
  constructor(expected) {
    this.batch = Math.max(25, Math.ceil(expected / 3));
    this.pending = [];
    this.sameAs = new Map(); // file -> the file of the same bytes checked
    this.byHash = new Map();
    this.byFile = new Map();
    this.errors = [];
    this.running = null;
  }

  add(file, html) {
    const hash = crypto.createHash('sha256').update(html).digest('hex');
    if (this.byHash.has(hash)) {
      this.sameAs.set(file, this.byHash.get(hash));
      return;
    }
    this.byHash.set(hash, file);
    this.pending.push(file);
    if (!this.running && this.pending.length >= this.batch) this.start();
  }

  check(phase) {
    const files = this.pending.splice(0);
    return timing.timed(phase, () => runVnu(files)).then((map) => {
      for (const [k, v] of map) this.byFile.set(k, [...(this.byFile.get(k) || []), ...v]);
    }, (e) => { this.errors.push(e); });
  }

  start() {
    this.running = this.check('vnu (background)').then(() => {
      this.running = null;
      if (this.pending.length >= this.batch) this.start();
    });
  }

  async done() {
    while (this.running) await this.running;
    if (this.pending.length) await this.check('vnu (at the end)');
    for (const [file, same] of this.sameAs) if (this.byFile.has(same)) this.byFile.set(file, this.byFile.get(same));
    return { byFile: this.byFile, errors: this.errors };
  }
}

// The keyboard-only tests and the lead's work, one after the other (each in
// a fresh context, in Dutch), against `server`. The selection flow confirms
// leerwerkplaats-2019 and the subgroups flow the subgroups of 2018: they
// run on a server of their own, not the page checks'.
async function runFlows(browser, server) {
  const flows = [...keyboard.tests.map((t) => ['keys', t]), ...lead.tests.map((t) => ['lead', t]),
    ...selection.tests.map((t) => ['sel ', t]), ...subgroups.tests.map((t) => ['sub ', t])];
  for (const [kind, t] of flows) {
    const context = await newContext(browser, server.base, 'nl');
    try {
      await timing.timed('flows', async () => t.run({ page: await context.newPage(), base: server.base, server }),
        `flow ${kind.trim()} ${t.name.slice(0, 40)}`);
      report(`${kind} ${t.name}`, null);
    } catch (e) {
      report(`${kind} ${t.name}`, e);
    } finally {
      await context.close();
    }
  }
}

async function main() {
  const started = Date.now();
  timing.startSampling();
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwp-html-'));
  let server = null;
  let flowServer = null;
  let browser = null;
  let cpu = null;
  let vnu = null;
  try {
    // The two servers and the browser start at once.
    const starting = [timing.timed('server start', () => startServer()),
      timing.timed('server start (flows)', () => startServer()),
      timing.timed('browser launch', () => launchBrowser())];
    const [a, b, c] = await Promise.allSettled(starting);
    server = a.value || null;
    flowServer = b.value || null;
    browser = c.value || null;
    for (const r of [a, b, c]) if (r.status === 'rejected') throw r.reason;
    const flowsDone = runFlows(browser, flowServer).catch((e) => report('browser flows', e));
    const jobs = [];
    // PAGES=regex runs only the pages whose name matches (while working on
    // them); the keyboard and lead tests run regardless.
    const only = process.env.PAGES ? new RegExp(process.env.PAGES) : null;
    for (const spec of pages.filter((p) => !only || only.test(p.name))) {
      for (const role of spec.roles) {
        if (!roles[role]) {
          report(`load ${spec.name} [${role}]`, detailError(`unknown role ${role} in pages.js`));
          continue;
        }
        for (const lang of LANGS) {
          const index = jobs.length;
          jobs.push((contexts) => checkPage(contexts, vnu, spec, lang, role, htmlDir, index));
        }
      }
    }
    vnu = new Vnu(jobs.length);
    const results = await pool(jobs, Number(process.env.BROWSER_JOBS) || 2,
      () => new Contexts(browser, server), (contexts) => contexts.close());
    const { byFile, errors } = await vnu.done();
    for (const e of errors) report('html (Nu HTML checker)', e);
    for (const r of results.filter((x) => x.file && byFile.has(x.file))) {
      const found = byFile.get(r.file);
      report(`html ${r.id}`, found.length ? detailError(found.map((m) =>
        `line ${m.line}:${m.column}: ${m.message}${m.extract ? `\n  ${m.extract.replace(/\n/g, ' ')}` : ''}`).join('\n')) : null);
    }
    for (const m of byFile.get(null) || []) report('html (Nu HTML checker)', detailError(m.message));
    await flowsDone;
  } catch (e) {
    report('browser suite', e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    for (const [s, name] of [[server, 'lwp demo exit'], [flowServer, 'lwp demo exit (flows)']]) {
      if (!s) continue;
      const exit = await s.stop();
      if (exit && exit.code) report(name, detailError(`exited with ${JSON.stringify(exit)}: ${s.stderr()}`));
    }
    fs.rmSync(htmlDir, { recursive: true, force: true });
  }
  cpu = timing.cpuByKind();
  for (const line of timing.summary(cpu)) console.log(line);
  console.log(`browser suite took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in tests/out/screenshots/`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main();
