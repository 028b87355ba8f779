const { startServer, launchBrowser } = require('./lib');
const acc = require('./accounts');
(async () => {
  const server = await startServer(); const browser = await launchBrowser();
  try {
    const ctx = await browser.newContext(); const page = await ctx.newPage();
    await acc.signedIn('admin')({ page, base: server.base, server });
    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    let stop = false; const counts = {};
    const cli = (async () => { let i = 0; while (!stop) { await acc.newUser(server, 'Stress ' + (i++), [['lead']]); } })();
    const get = async () => { while (!stop) { for (const p of ['/beheer/audit', '/beheer/edities/leerwerkplaats-2018', '/beheer', '/account']) {
      const r = await fetch(server.base + p, { headers: { cookie }, redirect: 'manual' }); const k = `${p} ${r.status}`; counts[k] = (counts[k] || 0) + 1;
      if (r.status !== 200) console.log(k, (await r.text()).match(/<h1[^>]*>([^<]*)/)?.[1]); else await r.arrayBuffer(); } } };
    const workers = [get(), get(), get(), get()];
    await new Promise((r) => setTimeout(r, 40000)); stop = true; await Promise.all([cli, ...workers]);
    console.log(counts);
    console.log(server.stderr().split('\n').filter(l => /403|refused|busy|error/i.test(l)).slice(0, 20).join('\n'));
  } finally { await browser.close(); await server.stop(); }
})();
