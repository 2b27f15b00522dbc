// Issue 2: the bundle loads from one script tag, exposes `window.forklar`, and serves the
// compiled article set without any further network request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, assertClean, contentSlugs, ROOT, BASE } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the demo page loads the widget with a clean console and no extra requests', async () => {
  const { page, log } = await open(browser, '/');
  await page.evaluate(() => window.forklar.ready);
  const afterReady = log.requests.length;
  const paths = log.requests.map((u) => new URL(u).pathname).sort();
  assert.deepEqual(paths, ['/', '/demo.css', '/demo.js', '/dist/forklar.js', '/dist/forklar_bg.wasm']);
  // Using the API fetches nothing: the articles are inside the Wasm module.
  await page.evaluate(() => {
    for (const a of window.forklar.articles()) window.forklar.render(a.slug);
    window.forklar.lookup('børsmæglere');
  });
  await page.waitForTimeout(200);
  assert.equal(log.requests.length, afterReady, 'requests after ready');
  // The page runs under a strict CSP; the marks' stylesheet still applies (a constructed
  // stylesheet, not an inline style) and nothing was refused, or the console would say so.
  await page.evaluate(() => window.forklar.idle());
  const decoration = await page.evaluate(() => {
    const mark = document.querySelector('main forklar-term');
    return mark && getComputedStyle(mark).textDecorationStyle;
  });
  assert.equal(decoration, 'dotted');
  assertClean(log);
  await page.close();
});

test('articles() lists every article of content/', async () => {
  const { page, log } = await open(browser, '/');
  const articles = await page.evaluate(async () => {
    await window.forklar.ready;
    return window.forklar.articles();
  });
  assert.deepEqual(
    articles.map((a) => a.slug),
    contentSlugs(join(ROOT, 'content')),
  );
  for (const a of articles) {
    assert.deepEqual(Object.keys(a).sort(), ['description', 'keywords', 'slug', 'title']);
    assert.ok(a.title.length > 0 && a.description.length > 0, a.slug);
  }
  const seed = articles.find((a) => a.slug === 'kundevendt');
  assert.equal(seed.title, 'Kundevendt');
  assert.equal(seed.keywords, 'Business');
  assertClean(log);
  await page.close();
});

test('render("kundevendt") has the seed headings and its internal links', async () => {
  const source = readFileSync(join(ROOT, 'content/kundevendt.md'), 'utf8');
  const body = source.split(/\n---\n/).slice(1).join('\n---\n');
  const headings = [...body.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].trim());
  const links = [...new Set([...body.matchAll(/\]\((\/[a-z0-9-]+)\)/g)].map((m) => m[1]))];
  assert.ok(headings.length >= 8 && links.includes('/frontoffice'));

  const { page, log } = await open(browser, '/');
  const dom = await page.evaluate(async () => {
    await window.forklar.ready;
    const div = document.createElement('div');
    div.innerHTML = window.forklar.render('kundevendt');
    return {
      headings: [...div.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => h.textContent.trim()),
      links: [...div.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.dataset.forklarSlug]),
      text: div.textContent,
      missing: window.forklar.render('findes-ikke'),
    };
  });
  assert.deepEqual(dom.headings, headings);
  for (const href of links) {
    assert.ok(dom.links.some(([h, slug]) => h === href && '/' + slug === href), href);
  }
  // The seed's odd punctuation after links is kept as written.
  assert.match(dom.text, /front office,\. hvilket/);
  assert.match(dom.text, /bankfolk \. Job/);
  assert.equal(dom.missing, undefined);
  assertClean(log);
  await page.close();
});

test('lookup() finds articles by slug, title, alias and inflected form', async () => {
  const { page, log } = await open(browser, '/');
  const rows = [
    ['kundevendt', 'kundevendt'],
    ['Kundevendt', 'kundevendt'],
    ['klient-vendte', 'kundevendt'],
    ['børsmæglere', 'stockbroker'],
    ['ejendomsmæglere', 'realtor'],
    ['økonomisk planlægger', 'financialplanner'],
    ['finansielle rådgivervirksomheder', 'financial-advisor'],
    ['formueforvaltning', 'wealthmanagement'],
    ['boligkøbere', 'home'],
    ['forsikringsagent', 'independent-agent'],
    ['detailsalg', 'retail-sales'],
    ['front office', 'frontoffice'],
    ['intet-her', undefined],
  ];
  const got = await page.evaluate(async (rows) => {
    await window.forklar.ready;
    return rows.map(([q]) => window.forklar.lookup(q)?.slug);
  }, rows);
  assert.deepEqual(got, rows.map(([, slug]) => slug));
  assertClean(log);
  await page.close();
});

test('the demo lists the glossary and opens linked articles in place', async () => {
  const { page, log } = await open(browser, '/');
  await page.evaluate(() => window.forklar.ready);
  const count = await page.evaluate(() => window.forklar.articles().length);
  await page.waitForFunction((n) => document.querySelectorAll('#glossary-list button').length === n, count);
  await page.locator('#glossary-article a[data-forklar-slug="frontoffice"]').first().click();
  await page.waitForFunction(() =>
    document.querySelector('#glossary-list button[aria-pressed="true"]')?.textContent === 'Front office');
  assert.equal(new URL(page.url()).pathname, '/', 'the internal link did not navigate away');
  assertClean(log);
  await page.close();
});

test('calling the API before ready throws a clear error', async () => {
  const { page, log } = await open(browser, '/e2e/twice.html', {
    before: (p) => p.route('**/forklar_bg.wasm', async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue();
    }),
  });
  const early = await page.evaluate(() => {
    try {
      window.forklar.articles();
      return 'no error';
    } catch (e) {
      return e.message;
    }
  });
  assert.equal(early, 'forklar: not ready yet; await forklar.ready first');
  await page.evaluate(() => window.forklar.ready);
  assertClean(log);
  await page.close();
});

test('the marks\' style sheet is in place while the module is still downloading', async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const { page, log } = await open(browser, '/e2e/twice.html', {
    before: (p) => p.route('**/forklar_bg.wasm', async (route) => {
      await held;
      await route.continue();
    }),
  });
  const early = await page.evaluate(async () => {
    let settled = false;
    window.forklar.ready.then(() => { settled = true; }, () => { settled = true; });
    const ours = () => document.adoptedStyleSheets
      .filter((s) => [...s.cssRules].some((r) => r.cssText.startsWith('forklar-term'))).length;
    for (let i = 0; i < 100 && ours() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    return { sheets: ours(), settled };
  });
  assert.deepEqual(early, { sheets: 1, settled: false });
  release();
  await page.evaluate(() => window.forklar.ready);
  assertClean(log);
  await page.close();
});

test('a second copy of the script tag is harmless', async () => {
  const { page, log } = await open(browser, '/e2e/twice.html');
  const n = await page.evaluate(async () => {
    await window.forklar.ready;
    return window.forklar.articles().length;
  });
  assert.ok(n >= 40);
  const wasmLoads = log.requests.filter((u) => u.endsWith('/forklar_bg.wasm')).length;
  assert.equal(wasmLoads, 1);
  assertClean(log);
  await page.close();
});

test('a missing wasm file rejects ready with one clear message and leaves the page intact', async () => {
  const { page, log } = await open(browser, '/e2e/twice.html', {
    before: (p) => p.route('**/forklar_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' })),
  });
  const outcome = await page.evaluate(() => window.forklar.ready.then(() => 'resolved', (e) => 'rejected'));
  assert.equal(outcome, 'rejected');
  const ours = log.console.filter((m) => m.includes('forklar: could not start'));
  assert.equal(ours.length, 1, log.console.join('\n'));
  assert.deepEqual(log.errors, []);
  assert.equal(await page.textContent('body p'), 'Scriptet er indsat to gange ved en fejl.');
  // What was made ahead of the module for marks and cards is gone again.
  const left = await page.evaluate(() => document.adoptedStyleSheets
    .filter((s) => [...s.cssRules].some((r) => r.cssText.startsWith('forklar-term'))).length);
  assert.equal(left, 0);
  await page.close();
});

// Regression: an element with id="forklar" is also `window.forklar` (named access on window),
// and the first version of the double-load guard took it for a loaded widget and did nothing.
test('regression: an element with id="forklar" does not stop the widget', async () => {
  const { page, log } = await open(browser, '/e2e/named.html');
  const marks = await page.evaluate(async () => {
    while (!(window.forklar && window.forklar.ready)) await new Promise((r) => setTimeout(r, 10));
    await window.forklar.ready;
    await window.forklar.idle();
    return [...document.querySelectorAll('forklar-term')].map((m) => m.dataset.forklarTerm);
  });
  assert.deepEqual(marks, ['stock']);
  assert.equal(await page.evaluate(() => document.getElementById('forklar').localName), 'div');
  assertClean(log);
  await page.close();
});

// Start-up on pages that get in the way. Each test is a regression of a bug found by a review.

const HOST = '/e2e/start-page.html';

/** Opens a page made of `body` and `head` (the widget's tag is in `head` unless `tag` says). */
async function startPage(body, { head = '', tag, route } = {}) {
  const script = tag ?? `<script src="${BASE}/dist/forklar.js" defer></script>`;
  const html = `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>start</title>
<link rel="icon" href="data:,">${head}${script}</head><body>${body}</body></html>`;
  return open(browser, HOST, {
    before: async (page) => {
      await page.route(BASE + HOST, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
      if (route) await route(page);
    },
  });
}

/** Waits for the widget to be ready and idle; returns the number of marks. */
function settled(page) {
  return page.evaluate(async () => {
    for (let waited = 0; !(window.forklar && window.forklar.ready); waited += 10) {
      if (waited > 5000) throw new Error('no window.forklar after 5 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    await window.forklar.ready;
    await window.forklar.idle();
    return document.querySelectorAll('forklar-term').length;
  });
}

// A page global named forklar made `Object.defineProperty(window, 'forklar')` throw at the end
// of the script, after the module had started: the page was marked but had no API, uncaught.
test('regression: a page with a global named forklar keeps it, and the widget says so once and does nothing', async () => {
  const { page, log } = await startPage('<p>Køb aktier nu.</p>', { head: '<script>var forklar = "sidens egen";</script>' });
  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({ value: window.forklar, marks: document.querySelectorAll('forklar-term').length }));
  assert.deepEqual(state, { value: 'sidens egen', marks: 0 });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, ['error: forklar: the page has a global named forklar of its own, so the widget does not start']);
  await page.close();
});

// Pages that replaced globals the widget uses. Without a working custom elements registry the
// search box's definition threw at the end of the script: no window.forklar, although the page
// was being marked. A page that replaced `Response` (a fetch polyfill) made the glue take the
// response for a path: ready rejected with "Argument 0 must be a buffer source".
for (const [what, script] of [
  ['customElements.define throws', 'customElements.define = () => { throw new Error("registry sealed"); };'],
  ['Response is replaced', 'window.Response = function Response() {};'],
]) {
  test(`regression: a page where ${what} still gets the widget and its API`, async () => {
    const { page, log } = await startPage('<p>Køb aktier nu.</p>', { head: `<script>${script}</script>` });
    assert.equal(await settled(page), 1);
    assertClean(log);
    await page.close();
  });
}

// The options came from `document.currentScript` only, which is null for a module script, so
// data-auto="false" was ignored; and a name missing from `dataset` was looked up on
// Object.prototype, so a polluted prototype could switch the widget off.
test('regression: options are read from the tag when it is a module script, and not from Object.prototype', async () => {
  const moduleTag = `<script type="module" src="${BASE}/dist/forklar.js" data-auto="false"></script>`;
  const { page, log } = await startPage('<p>Køb aktier nu.</p>', { tag: moduleTag });
  assert.equal(await settled(page), 0);
  assertClean(log);
  await page.close();
  const polluted = await startPage('<p>Køb aktier nu.</p>', { head: '<script>Object.prototype.auto = "false";</script>' });
  assert.equal(await settled(polluted.page), 1);
  assertClean(polluted.log);
  await polluted.page.close();
});

// A server that sends the Wasm file as application/octet-stream made the glue warn on every page
// view; one that answers with an HTML page (a single-page app's fallback) gave a warning and then
// a message about magic words.
test('regression: the Wasm file served with another type works quietly, and an HTML page in its place is one clear error', async () => {
  const wasm = readFileSync(join(ROOT, 'dist/forklar_bg.wasm'));
  const octet = await startPage('<p>Køb aktier nu.</p>', {
    route: (p) => p.route('**/forklar_bg.wasm', (r) => r.fulfill({ body: wasm, contentType: 'application/octet-stream' })),
  });
  assert.equal(await settled(octet.page), 1);
  assertClean(octet.log);
  await octet.page.close();
  const html = await startPage('<p>Køb aktier nu.</p>', {
    route: (p) => p.route('**/forklar_bg.wasm', (r) => r.fulfill({ body: '<!doctype html><p>app</p>', contentType: 'text/html' })),
  });
  const outcome = await html.page.evaluate(() => window.forklar.ready.then(() => 'resolved', (e) => String(e.message)));
  assert.match(outcome, /forklar_bg\.wasm is not a WebAssembly file \(the server sent text\/html\)/);
  assert.equal(html.log.console.length, 1, html.log.console.join('\n'));
  assert.match(html.log.console[0], /^error: forklar: could not start/);
  await html.page.close();
});

// A page whose `fetch` is a polyfill over XMLHttpRequest (Pretender, Mirage) gets objects of the
// polyfill's own for responses, which WebAssembly.compileStreaming refuses ("must be a
// Response"): the widget did not start. The chunk files go through the same `fetch`.
test('regression: a page whose fetch is a polyfill answering with objects of its own gets the widget and article bodies', async () => {
  const polyfill = `window.polyfilled = [];
window.fetch = (url) => new Promise((resolve, reject) => {
  window.polyfilled.push(String(url).split('/').pop());
  const x = new XMLHttpRequest();
  x.open('GET', String(url));
  x.responseType = 'arraybuffer';
  x.onload = () => resolve({ ok: x.status < 300, status: x.status, url: String(url), bodyUsed: false,
    headers: { get: (n) => x.getResponseHeader(n) }, arrayBuffer: () => Promise.resolve(x.response) });
  x.onerror = () => reject(new TypeError('Network request failed'));
  x.send();
});`;
  const { page, log } = await startPage('<p>Køb aktier nu.</p>', {
    head: `<script>${polyfill}</script>`,
    tag: `<script src="${BASE}/chunked/forklar.js" defer></script>`,
  });
  assert.equal(await settled(page), 1);
  const body = await page.evaluate(() => window.forklar.body('kundevendt'));
  assert.match(body, /<h2>Hvad står klienten over for\?<\/h2>/);
  const fetched = await page.evaluate(() => window.polyfilled);
  assert.equal(fetched[0], 'forklar_bg.wasm');
  assert.match(fetched[1], /^forklar-[0-9a-f]{16}\.html$/);
  assertClean(log);
  await page.close();
});

// Loaded with import() the script has no tag and `document.currentScript` is null, so the Wasm
// file was looked for next to the page (a 404, and the widget did not start).
test('regression: a script loaded with import() finds the Wasm file next to itself', async () => {
  const { page, log } = await startPage('<p>Køb aktier nu.</p>', {
    tag: `<script type="module">import('${BASE}/dist/forklar.js?v=1');</script>`,
  });
  assert.equal(await settled(page), 1);
  assert.deepEqual(log.requests.filter((url) => url.endsWith('.wasm')), [`${BASE}/dist/forklar_bg.wasm`]);
  assertClean(log);
  await page.close();
});

// A download refused at once (an ad blocker, a CSP without connect-src) failed before the task
// that prepares the marks' style sheet and the card ran, and that task then made them anyway:
// a style sheet and seven capturing listeners stayed on a page with no widget.
test('regression: a start that fails at once leaves nothing behind', async () => {
  // A policy that refuses the fetch before it is made: it fails within the script's own task.
  const { page, log } = await startPage('<p>Køb aktier nu.</p>', {
    head: `<meta http-equiv="Content-Security-Policy" content="connect-src 'none'">`,
  });
  const outcome = await page.evaluate(() => window.forklar.ready.then(() => 'resolved', () => 'rejected'));
  assert.equal(outcome, 'rejected');
  await page.waitForTimeout(100);
  const left = await page.evaluate(() => ({
    sheets: document.adoptedStyleSheets.length,
    widget: document.querySelectorAll('forklar-card, forklar-term, [data-forklar-skip]').length,
  }));
  assert.deepEqual(left, { sheets: 0, widget: 0 });
  assert.equal(log.console.filter((m) => m.includes('forklar: could not start')).length, 1);
  assert.deepEqual(log.errors, []);
  await page.close();
});
