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

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { pages, roles } = require('./pages');
const { REPO, startServer, launchBrowser, runAxe, formatViolations, runVnu } = require('./lib');
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

// Open one page as one role in one language; returns the checks' results
// and the served HTML.
function checkPage(browser, server, spec, lang, role, htmlDir) {
  return timing.timed('page total', () => checkPageTimed(browser, server, spec, lang, role, htmlDir), spec.name);
}

async function checkPageTimed(browser, server, spec, lang, role, htmlDir) {
  const { base } = server;
  const id = `${spec.name} [${lang}, ${role}]`;
  const { context, page } = await timing.timed('context', async () => {
    const c = await newContext(browser, base, lang);
    return { context: c, page: await c.newPage() };
  });
  const problems = [];
  page.on('console', (msg) => {
    // A document answered with 4xx is logged as "Failed to load resource";
    // failed subresources are caught by the response listener below.
    if (/^Failed to load resource/.test(msg.text())) return;
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure() && req.failure().errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      problems.push(`${res.status()} for ${res.url()}`);
    }
  });
  const ctx = { page, base, lang, role, server };
  const result = { id, html: null };
  try {
    await timing.timed('sign-in', () => roles[role].login(ctx));
    const res = await timing.timed(spec.open ? 'open()' : 'goto', async () => {
      const r = spec.open ? await spec.open(ctx) : await page.goto(base + spec.path);
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
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => {
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => el.tagName.toLowerCase() + (el.className ? `.${String(el.className).split(' ').join('.')}` : ''));
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide: wide.slice(0, 5) };
    });
    if (overflow.scroll > overflow.client) {
      problems.push(`at 320 px the page is ${overflow.scroll} px wide (reflow); too wide: ${overflow.wide.join(', ')}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    result.html = await res.text();
    const file = path.join(htmlDir, `${spec.name}.${lang}.${role}.html`);
    fs.writeFileSync(file, result.html);
    result.file = file;
    timing.add('load checks', Date.now() - tChecks);
    report(`load ${id}`, problems.length ? detailError(problems.join('\n')) : null);

    const violations = await timing.timed('axe', () => runAxe(page));
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
  } catch (e) {
    report(`load ${id}`, e);
  } finally {
    await timing.timed('context', () => context.close());
  }
  return result;
}

// Run the jobs (functions returning promises) with at most `width` at once;
// resolves to their results in order.
async function pool(jobs, width) {
  const results = new Array(jobs.length);
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

async function main() {
  const started = Date.now();
  timing.startSampling();
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwp-html-'));
  let server = null;
  let browser = null;
  let cpu = null;
  try {
    server = await timing.timed('server start', () => startServer());
    browser = await timing.timed('browser launch', () => launchBrowser());
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
        for (const lang of LANGS) jobs.push(() => checkPage(browser, server, spec, lang, role, htmlDir));
      }
    }
    const results = await pool(jobs, Number(process.env.BROWSER_JOBS) || 2);
    const files = results.filter((r) => r.file).map((r) => r.file);
    let byFile = null;
    try {
      if (files.length) byFile = await timing.timed('vnu', () => runVnu(files));
    } catch (e) {
      report('html (Nu HTML checker)', e);
    }
    if (byFile) {
      for (const r of results.filter((x) => x.file)) {
        const errors = byFile.get(r.file) || [];
        report(`html ${r.id}`, errors.length ? detailError(errors.map((m) =>
          `line ${m.line}:${m.column}: ${m.message}${m.extract ? `\n  ${m.extract.replace(/\n/g, ' ')}` : ''}`).join('\n')) : null);
      }
      for (const m of byFile.get(null) || []) report('html (Nu HTML checker)', detailError(m.message));
    }
    // The keyboard-only tests and the lead's work, one after the other
    // (each in a fresh context, in Dutch).
    // The selection flow confirms leerwerkplaats-2019, so it runs last.
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
  } catch (e) {
    report('browser suite', e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      const exit = await server.stop();
      if (exit && exit.code) report('lwp demo exit', detailError(`exited with ${JSON.stringify(exit)}: ${server.stderr()}`));
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
