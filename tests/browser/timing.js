'use strict';
// Where the browser suite's time goes: wall time per phase (server start,
// sign-ins, page loads, axe, screenshots, the Nu checker, the flows) and per
// page group (a page of pages.js in every language and role), printed as a
// short summary before the suite's last line. The page checks run several
// at once, so the sums per phase add up to more than the wall time; the CPU
// time per kind of process (Chromium, lwp, java, node) is what a 2-core
// machine has to share.

const fs = require('node:fs');

const phases = new Map(); // phase -> { ms, n }
const groups = new Map(); // page group -> { ms, n }
const started = Date.now();

function add(map, key, ms) {
  const e = map.get(key) || { ms: 0, n: 0 };
  e.ms += ms;
  e.n += 1;
  map.set(key, e);
}

// Time fn() as `phase` (and as page group `group` when given); resolves or
// rejects as fn does.
async function timed(phase, fn, group) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    const ms = Date.now() - t0;
    add(phases, phase, ms);
    if (group) add(groups, group, ms);
  }
}

// CPU seconds (user + system) of this process and its descendants, by
// kind (node, lwp, java, Chromium's browser, renderer, gpu and utility
// processes): /proc is sampled every half second and each process counts
// with the last value seen (a process living less than that is missed).
// Linux only; elsewhere the summary has no CPU line.
const HZ = 100; // USER_HZ on Linux
const seen = new Map(); // "pid starttime" -> { kind, cpu }
let sampler = null;

function kindOf(pid, comm) {
  if (pid === process.pid) return 'node';
  if (/^lwp/.test(comm)) return 'lwp';
  if (comm === 'java') return 'java';
  if (/chrom/i.test(comm)) {
    let type = 'browser';
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const m = cmd.match(/--type=([a-z-]+)/);
      if (m) type = m[1] + (/--top-chrome-webui/.test(cmd) ? ' (webui)' : '');
    } catch { /* gone */ }
    return `chromium ${type}`;
  }
  return comm;
}

function sample() {
  let names;
  try { names = fs.readdirSync('/proc'); } catch { return; }
  const procs = new Map();
  for (const pid of names) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
    const close = stat.lastIndexOf(')');
    const f = stat.slice(close + 2).split(' ');
    // after comm: state(0) ppid(1) ... utime(11) stime(12) ... starttime(19)
    procs.set(Number(pid), { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(f[1]),
      cpu: (Number(f[11]) + Number(f[12])) / HZ, start: f[19] });
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs) if (!mine.has(pid) && mine.has(p.ppid)) { mine.add(pid); grew = true; }
  }
  for (const pid of mine) {
    const p = procs.get(pid);
    if (!p) continue;
    const key = `${pid} ${p.start}`;
    const e = seen.get(key) || { kind: kindOf(pid, p.comm), cpu: 0 };
    e.cpu = Math.max(e.cpu, p.cpu);
    seen.set(key, e);
  }
}

function startSampling() {
  if (sampler || !fs.existsSync('/proc/self/stat')) return;
  sample();
  sampler = setInterval(sample, 500);
  sampler.unref();
}

// Stops sampling; resolves to { kind: cpu seconds }.
function cpuByKind() {
  if (!sampler) return {};
  sample();
  clearInterval(sampler);
  sampler = null;
  const out = {};
  for (const { kind, cpu } of seen.values()) out[kind] = (out[kind] || 0) + cpu;
  return out;
}

function fmt(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// The summary lines: phases by time, the slowest page groups, and the CPU
// seconds of cpuByKind().
function summary(cpu, count = 8) {
  const lines = [`browser suite: wall ${fmt(Date.now() - started)}`];
  const list = (map) => [...map.entries()].sort((a, b) => b[1].ms - a[1].ms);
  lines.push(`time per phase (summed over the jobs at once): ${list(phases)
    .map(([k, v]) => `${k} ${fmt(v.ms)} (${v.n})`).join(', ')}`);
  lines.push(`slowest pages (every language and role): ${list(groups).slice(0, count)
    .map(([k, v]) => `${k} ${fmt(v.ms)} (${v.n})`).join(', ')}`);
  if (cpu && Object.keys(cpu).length) {
    const total = Object.values(cpu).reduce((a, b) => a + b, 0);
    lines.push(`cpu ${total.toFixed(1)} s: ${Object.entries(cpu).sort((a, b) => b[1] - a[1])
      .filter(([, v]) => v >= 0.05).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  }
  return lines;
}

module.exports = { timed, add: (phase, ms) => add(phases, phase, ms), summary, startSampling, cpuByKind };
