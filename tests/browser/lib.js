'use strict';
// Helpers of the browser suite: start the real `lwp demo` on loopback with a
// fresh SQLite database, launch Debian's Chromium through playwright-core,
// and run axe-core and the Nu HTML checker.

const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function lwpBin() {
  const p = process.env.LWP_BIN || 'build/src/cli/lwp';
  if (path.isAbsolute(p)) return p;
  return fs.existsSync(p) ? path.resolve(p) : path.join(REPO, p);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function getStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

// Start `lwp demo` on a free loopback port with a database in a new temp
// directory; resolves to { base, dir, stop() } once /healthz answers 200.
async function startServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwp-browser-'));
  const port = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LWP_')));
  env.LC_ALL = env.LC_ALL || 'C.UTF-8';
  // Every sign-in of the suite comes from 127.0.0.1; the limit on attempts
  // per address (20 in 15 minutes) is not what the suite is about.
  env.LWP_RATE_LOGIN = '1000';
  env.LWP_RATE_LOGIN_ACCOUNT_IP = '1000';
  const built = lwpBin();
  if (!fs.existsSync(built)) throw new Error(`no lwp binary at ${built} (build first, or set LWP_BIN)`);
  // A copy: the server and every CLI call of this run use the same build,
  // even when the tree is rebuilt while the suite runs.
  const bin = path.join(dir, 'lwp');
  fs.copyFileSync(built, bin);
  fs.chmodSync(bin, 0o755);
  const child = spawn(bin, ['demo', '--db', path.join(dir, 'demo.db'), '--port', String(port),
    '--listen', '127.0.0.1', '--threads', '2'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exited) throw new Error(`lwp demo exited (${JSON.stringify(exited)}): ${stderr}`);
    if (await getStatus(`${base}/healthz`) === 200) break;
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`lwp demo did not start: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const db = path.join(dir, 'demo.db');
  return {
    base,
    dir,
    stderr: () => stderr,
    // Run `lwp ARGS --db DB` on the server's database (e.g. to make the
    // user a role signs in as); resolves to stdout, rejects on failure.
    cli(args, input) {
      return new Promise((resolve, reject) => {
        const p = execFile(bin, [...args, '--db', db], { env, timeout: 30000 }, (err, out, errOut) => {
          if (err) reject(new Error(`lwp ${args.join(' ')}: ${err.message}\n${errOut}`));
          else resolve(out);
        });
        // A command that exits before reading its input closes the pipe:
        // not an error of the run (its exit status is what counts).
        p.stdin.on('error', () => {});
        p.stdin.end(input || '');
      });
    },
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.on('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await done;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };
}

// Debian's Chromium with the project's launch flags. Playwright gives every
// launch a fresh temporary profile (--user-data-dir) of its own and removes
// it on close; it refuses the flag from us for a non-persistent browser.
// Without the two WebUI omnibox popups, a browser window (one per context)
// does not start a renderer process of its own for an address bar nobody
// sees: that was about 0.8 s of CPU per context, as much as the page's.
// (Chromium adds these to the features Playwright disables.)
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'],
  });
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Run axe-core in the page. The script goes in through the DevTools
// protocol (page.evaluate), which the page's CSP does not govern, so the
// page is checked exactly as served, CSP and all.
async function runAxe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 5)) {
      lines.push(`    at ${n.target}`);
      if (n.summary) lines.push(...n.summary.split('\n').map((l) => `      ${l}`));
    }
    if (v.nodes.length > 5) lines.push(`    ... and ${v.nodes.length - 5} more`);
  }
  return lines.join('\n');
}

// Run the Nu HTML checker over the files; resolves to a map from file
// path to its list of errors ({line, column, message, extract}).
function runVnu(files) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  return new Promise((resolve, reject) => {
    // C1 only (TieredStopAtLevel=1) and the serial collector: a run over a
    // few hundred files ends before the optimising compiler would pay off,
    // and takes less than half the CPU time so (the same messages); C1's
    // code needs a deeper stack on the schema than the 1 MB asked before.
    execFile('java', ['-Xss4m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', jar,
      '--format', 'json', '--exit-zero-always', ...files],
      { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) { reject(new Error(`vnu failed to run: ${err.message}\n${stderr}`)); return; }
        let doc;
        try {
          doc = JSON.parse(stderr.trim() || stdout.trim());
        } catch (e) {
          reject(new Error(`vnu output is not JSON: ${stderr.slice(0, 2000)}`));
          return;
        }
        const byFile = new Map(files.map((f) => [f, []]));
        for (const m of doc.messages || []) {
          if (m.type !== 'error' && m.type !== 'non-document-error') continue;
          const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : null;
          const key = byFile.has(file) ? file : null;
          if (!byFile.has(key)) byFile.set(key, []);
          byFile.get(key).push({ line: m.lastLine, column: m.firstColumn, message: m.message, extract: m.extract });
        }
        resolve(byFile);
      });
  });
}

// A page computed on the server's worker pool (the selection) first
// answers "being computed" with a Refresh header, and the browser reloads
// it by itself. Wait for those reloads (the condition, never a fixed time)
// until an answer without one; resolves to that answer.
async function untilComputed(page, res, reloads = 30) {
  while (res && res.headers().refresh !== undefined && reloads-- > 0) {
    const next = await page.waitForNavigation({ timeout: 20000 });
    if (next) res = next;
  }
  return res;
}

module.exports = { REPO, startServer, launchBrowser, runAxe, formatViolations, runVnu, untilComputed };
