'use strict';
// Keyboard-only tests: nothing here clicks or fills a field directly; every
// step is a key press (Tab, Enter, Space, arrow keys, typed text), as for
// someone who cannot use a mouse.

const { OPEN } = require('./pages');

// What an applicant types, by field name; checkboxes listed are ticked.
const ANSWERS = {
  name: 'Toetsenbord Gebruiker',
  email: `toetsenbord.${Date.now()}@example.org`,
  function: 'Programmamanager organisatieontwikkeling',
  organisation: 'Ministerie van Toetsenbordzaken',
  initiative_title: 'Zelforganiserende teams',
  motivation: 'Ik wil leren van andere organisaties.',
  question: 'Hoe houden we verandering gaande zonder reorganisatie?',
};
const TICK = ['eligible', 'consent'];

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body' };
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') || '',
      name: el.getAttribute('name') || '',
      href: el.getAttribute('href') || '',
      value: 'value' in el ? el.value : '',
      checked: !!el.checked,
      cls: el.className || '',
      inMain: !!el.closest('main'),
      visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0,
    };
  });
}

async function tabUntil(page, want, max) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (want(f)) return f;
  }
  throw new Error(`not reached with ${max} presses of Tab`);
}

const tests = [
  {
    name: 'skip link is the first stop and moves to the main content',
    async run({ page, base }) {
      await page.goto(`${base}/edities/${OPEN}`);
      await page.keyboard.press('Tab');
      const first = await focused(page);
      if (!/nl-skip-link/.test(first.cls) || first.href !== '#main') {
        throw new Error(`first Tab stop is ${JSON.stringify(first)}, not the skip link`);
      }
      if (!first.visible) throw new Error('the skip link is not visible when it has focus');
      await page.keyboard.press('Enter');
      if (!page.url().endsWith('#main')) throw new Error(`after Enter the address is ${page.url()}`);
      await page.keyboard.press('Tab');
      const next = await focused(page);
      if (!next.inMain) throw new Error(`after the skip link, Tab went to ${JSON.stringify(next)}, outside main`);
    },
  },
  {
    name: 'apply for an edition with the keyboard alone',
    async run({ page, base }) {
      await page.goto(`${base}/edities/${OPEN}`);
      await tabUntil(page, (f) => f.tag === 'a' && f.href.endsWith('/aanmelden'), 40);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      if (!new URL(page.url()).pathname.endsWith('/aanmelden')) throw new Error(`Enter on the apply link led to ${page.url()}`);

      const done = new Set();
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (f.tag === 'button' && f.type === 'submit') break;
        if (done.has(f.name)) continue;
        if ((f.tag === 'input' && ['text', 'email', 'tel'].includes(f.type)) || f.tag === 'textarea') {
          if (ANSWERS[f.name]) {
            await page.keyboard.type(ANSWERS[f.name]);
            done.add(f.name);
          }
        } else if (f.tag === 'select') {
          // Arrow keys pick the next option of a closed select.
          for (let k = 0; k < 3 && !(await focused(page)).value; k++) await page.keyboard.press('ArrowDown');
          done.add(f.name);
        } else if (f.tag === 'input' && f.type === 'checkbox' && TICK.includes(f.name)) {
          await page.keyboard.press('Space');
          done.add(f.name);
        }
        if (i === 119) throw new Error('the submit button was not reached with Tab');
      }
      const values = await page.evaluate(() => Object.fromEntries(Array.from(
        document.querySelectorAll('form.lwp-form [name]'),
        (el) => [el.name, el.type === 'checkbox' ? el.checked : el.value])));
      for (const [k, v] of Object.entries(ANSWERS)) {
        if (values[k] !== v) throw new Error(`field ${k} holds ${JSON.stringify(values[k])}, typed ${JSON.stringify(v)}`);
      }
      for (const k of ['organisation_kind', 'theme']) if (!values[k]) throw new Error(`no option chosen in ${k}`);
      for (const k of TICK) if (values[k] !== true) throw new Error(`checkbox ${k} is not ticked`);

      const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      const redirect = res.request().redirectedFrom();
      const redirectStatus = redirect && (await redirect.response()).status();
      if (redirectStatus !== 303) throw new Error(`the form answered ${redirectStatus || res.status()}, not 303 (${page.url()})`);
      if (res.status() !== 200 || !/^\/aanmelding\/[^/]+$/.test(new URL(page.url()).pathname)) {
        throw new Error(`the redirect led to ${page.url()} (${res.status()})`);
      }
      const text = await page.locator('main').innerText();
      for (const want of ['Uw aanmelding', ANSWERS.name, ANSWERS.email, ANSWERS.organisation]) {
        if (!text.includes(want)) throw new Error(`the private page does not show ${JSON.stringify(want)}:\n${text}`);
      }
    },
  },
];

module.exports = { tests };
