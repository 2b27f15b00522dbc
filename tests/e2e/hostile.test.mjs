// Issue 2: raw HTML and unsafe links in an article never reach the DOM as live markup. The
// fixture folder tests/fixtures/hostile is compiled into its own bundle (served at /hostile/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertClean } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('hostile Markdown renders as inert HTML', async () => {
  const { page, log } = await open(browser, '/e2e/hostile.html');
  const report = await page.evaluate(async () => {
    window.__pwned = false;
    await window.forklar.ready;
    const out = document.getElementById('out');
    for (const a of window.forklar.articles()) {
      const section = document.createElement('section');
      section.innerHTML = window.forklar.render(a.slug);
      out.append(section);
    }
    // Give any handler, frame or image a chance to fire.
    for (const el of out.querySelectorAll('*')) {
      el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    }
    await new Promise((r) => setTimeout(r, 500));
    const all = [...out.querySelectorAll('*')];
    return {
      pwned: window.__pwned,
      tags: [...new Set(all.map((e) => e.localName))].sort(),
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
      hrefs: [...out.querySelectorAll('[href],[src],[action],[formaction]')].map(
        (e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction'),
      ),
      text: out.textContent,
      title: window.forklar.lookup('hostile').title,
    };
  });
  assert.equal(report.pwned, false);
  assert.deepEqual(report.handlers, []);
  for (const tag of ['script', 'img', 'iframe', 'div', 'object', 'embed', 'style', 'svg']) {
    assert.ok(!report.tags.includes(tag), `<${tag}> reached the DOM`);
  }
  for (const href of report.hrefs) {
    assert.match(href, /^(\/[a-z0-9-]+|https:\/\/|mailto:)/, href);
  }
  assert.ok(report.hrefs.includes('/safe'));
  assert.ok(report.hrefs.includes('mailto:redaktion@example.com'));
  // The words of refused links stay readable.
  assert.match(report.text, /Klik her og/);
  assert.match(report.text, /og tab og data\./);
  // A raw HTML block is dropped whole, text included: its text is part of the HTML.
  assert.doesNotMatch(report.text, /Et div med en handler/);
  // Front matter is data: the title is returned as text, for the caller to insert as text.
  assert.equal(report.title, 'Fjendtlig <b>artikel</b>');
  assertClean(log);
  await page.close();
});

// The card hid every top-level heading of an article, not only the one that repeats its title.
test('regression: the card hides the heading that repeats the title, and shows later top-level headings', async () => {
  const { page, log } = await open(browser, '/e2e/hostile.html');
  const shown = await page.evaluate(async () => {
    await window.forklar.ready;
    await window.forklar.open('safe');
    const headings = [...document.querySelector('forklar-card').shadowRoot.querySelectorAll('.body h1')];
    return headings.map((h) => `${h.textContent}:${getComputedStyle(h).display}`);
  });
  assert.deepEqual(shown, ['Sikker:none', 'Kilder:block']);
  assertClean(log);
  await page.close();
});
