// Issue 6: article bodies in content-named chunk files (`cargo xtask dist --chunk-bytes`),
// fetched when a card first needs one. The real articles are built that way into /chunked/.
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

const isChunk = (url) => /\/chunked\/forklar-[0-9a-f]{16}\.html$/.test(url);

async function chunkedPage(options) {
  const opened = await open(browser, '/e2e/chunked.html', options);
  await opened.page.evaluate(async () => {
    while (!window.forklar) await new Promise((r) => setTimeout(r, 10));
    await window.forklar.ready;
    await window.forklar.idle();
  });
  return opened;
}

test('no chunk is fetched until a body is wanted; then one, once', async () => {
  const { page: p, log } = await chunkedPage();
  assert.ok(await p.locator('forklar-term').count() > 0, 'marking works without bodies');
  assert.deepEqual(log.requests.filter(isChunk), [], 'a chunk was fetched at load');
  const result = await p.evaluate(async () => {
    const before = window.forklar.render('kundevendt');
    const body = await window.forklar.body('kundevendt');
    const again = await window.forklar.body('kundevendt');
    return { before, body, again, sync: window.forklar.render('kundevendt') };
  });
  assert.equal(result.before, undefined, 'the body is not in the module');
  assert.match(result.body, /<h2>Hvad står klienten over for\?<\/h2>/);
  assert.match(result.body, /data-forklar-slug="frontoffice"/);
  assert.equal(result.again, result.body);
  assert.equal(result.sync, result.body, 'render works once the chunk is in');
  assert.equal(log.requests.filter(isChunk).length, 1);
  assertClean(log);
  await p.close();
});

test('a card opens at once and shows the body when its chunk arrives', async () => {
  const { page: p, log } = await chunkedPage();
  await p.focus('forklar-term[data-forklar-term="kundevendt"] >> nth=0');
  const title = await p.textContent('forklar-card .title');
  assert.equal(title, 'Kundevendt');
  await p.waitForFunction(() => document.querySelector('forklar-card')?.shadowRoot
    .querySelector('.body a[data-forklar-slug="frontoffice"]'));
  // An internal link previews the linked article, whose body may be in another chunk.
  await p.click('forklar-card a[data-forklar-slug="frontoffice"]');
  await p.waitForFunction(() => {
    const root = document.querySelector('forklar-card')?.shadowRoot;
    return root?.querySelector('.title').textContent === 'Front office'
      && root.querySelector('.body h2') !== null;
  });
  assert.ok(log.requests.filter(isChunk).length >= 1);
  assertClean(log);
  await p.close();
});

test('a chunk whose bytes do not match its hash is refused, and the card says so', async () => {
  const { page: p, log } = await chunkedPage({
    before: (page) => page.route(isChunk, (route) => route.fulfill({
      status: 200, contentType: 'text/html', body: '<p>forfalsket</p><img src=x onerror="window.__pwned=1">',
    })),
  });
  const refused = await p.evaluate(async () => {
    try {
      await window.forklar.body('kundevendt');
      return null;
    } catch (err) {
      return String(err.message || err);
    }
  });
  assert.match(refused ?? '', /does not match any chunk/);
  await p.focus('forklar-term[data-forklar-term="kundevendt"] >> nth=0');
  await p.waitForFunction(() => document.querySelector('forklar-card')?.shadowRoot
    .querySelector('.body').textContent === 'Artiklen kunne ikke hentes.');
  assert.equal(await p.evaluate(() => window.__pwned), undefined);
  // One warning per failed attempt, and nothing else.
  assert.ok(log.console.length >= 1);
  assert.ok(log.console.every((line) => line.startsWith('warning: forklar: could not load an article body')), log.console.join('\n'));
  assert.deepEqual(log.errors, []);
  await p.close();
});

// The card was placed once, with title and description only; the body that arrived later made
// it grow down from where it stood, over its term and past the bottom of the viewport.
test('regression: a card is placed again when its body arrives', async () => {
  const { page: p, log } = await chunkedPage({
    before: async (page) => {
      await page.setViewportSize({ width: 1000, height: 700 });
      // A slow connection: the chunk comes half a second after it is asked for.
      await page.route(isChunk, async (route) => {
        await new Promise((r) => setTimeout(r, 500));
        await route.continue();
      });
    },
  });
  await p.evaluate(async () => {
    const low = document.createElement('p');
    low.id = 'low';
    low.textContent = 'Nederst på skærmen: renten stiger.';
    low.style.cssText = 'position: absolute; top: 600px; left: 16px; margin: 0';
    document.body.append(low);
    await window.forklar.idle();
  });
  await p.focus('#low forklar-term');
  await p.waitForFunction(() => document.querySelector('forklar-card')?.shadowRoot.querySelector('.body p'));
  await p.waitForTimeout(50);
  const got = await p.evaluate(() => {
    const m = document.querySelector('#low forklar-term').getBoundingClientRect();
    const c = document.querySelector('forklar-card').getBoundingClientRect();
    return { term: [m.top, m.bottom], card: [c.top, c.bottom], vh: innerHeight };
  });
  assert.ok(got.card[1] <= got.term[0] || got.card[0] >= got.term[1], `the card covers its term: ${JSON.stringify(got)}`);
  assert.ok(got.card[0] >= 0 && got.card[1] <= got.vh, `the card runs out of the viewport: ${JSON.stringify(got)}`);
  assertClean(log);
  await p.close();
});
