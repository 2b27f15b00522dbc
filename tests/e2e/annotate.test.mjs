// Issue 3: marking glossary terms in the page from one script tag.
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

/** Opens the fixture page with the given script-tag options and waits for marking to finish. */
async function page(query = '') {
  const opened = await open(browser, `/e2e/annotate.html${query}`);
  await opened.page.evaluate(async () => {
    while (!window.forklar) await new Promise((r) => setTimeout(r, 10));
    await window.forklar.ready;
    await window.forklar.idle();
  });
  return opened;
}

/** The marks in document order, as `slug:text`. */
function marks(p, scope = 'body') {
  return p.evaluate((scope) => [...document.querySelectorAll(`${scope} forklar-term`)]
    .map((m) => `${m.dataset.forklarTerm}:${m.textContent}`), scope);
}

const EXPECTED_ARTICLE = [
  'kundevendt:kundevendt',
  'kundevendt:kundevendt',
  'kundevendt:kundevendt',
  'kundevendt:Kundevendte',
  'kundevendt:klient-vendte',
  'stockbroker:Børsmæglerne',
  'stock:aktier',
  'bond:obligationer',
  'bond:obligationens',
  'interest-rate:rente',
  'stock:aktierne',
  'stock-exchange:børsen',
  'financialplanner:økonomisk planlægger',
  'frontoffice:front\u00a0office',
  'backoffice:back\noffice',
  'kundevendt:Kunde\u00advendt',
  'inflation:Inflationen',
  'interest-rate:renten',
  'gdp:BNP',
];

test('marks every mention with punctuation, inflection and Danish rules, and skips excluded zones', async () => {
  const { page: p, log } = await page('?exclude=.exclude-me');
  assert.deepEqual(await marks(p, '#article'), EXPECTED_ARTICLE);
  assert.deepEqual(await marks(p, '#aside'), ['stock:aktier', 'bond:obligationer']);
  const inside = await p.evaluate(() => document.querySelectorAll(
    ':is(h1,h2,a,button,code,pre,textarea,label,[contenteditable],[data-forklar-skip],.exclude-me) forklar-term',
  ).length);
  assert.equal(inside, 0);
  assertClean(log);
  await p.close();
});

test('marks are focusable in order with Tab and styled without changing layout', async () => {
  const { page: p, log } = await page('?auto=false');
  const before = await p.evaluate(() => [...document.querySelectorAll('p')].map((e) => {
    const r = e.getBoundingClientRect();
    return [r.width, r.height];
  }));
  await p.evaluate(() => window.forklar.annotate(document.body));
  const after = await p.evaluate(() => [...document.querySelectorAll('p')].map((e) => {
    const r = e.getBoundingClientRect();
    return [r.width, r.height];
  }));
  assert.deepEqual(after, before);
  const style = await p.evaluate(() => {
    const m = document.querySelector('forklar-term');
    const s = getComputedStyle(m);
    return [s.display, s.textDecorationLine, s.textDecorationStyle, m.getAttribute('tabindex'), m.getAttribute('role')];
  });
  assert.deepEqual(style, ['inline', 'underline', 'dotted', '0', 'button']);
  await p.keyboard.press('Tab');
  const first = await p.evaluate(() => `${document.activeElement.localName}:${document.activeElement.textContent}`);
  assert.equal(first, 'forklar-term:kundevendt');
  // Focus opened the first term's card, and Tab would go into it; Escape closes it, and Tab
  // goes on to the next term.
  await p.keyboard.press('Escape');
  await p.keyboard.press('Tab');
  const second = await p.evaluate(() => document.activeElement === document.querySelectorAll('forklar-term')[1]);
  assert.ok(second);
  assertClean(log);
  await p.close();
});

test('destroy() restores the original text nodes exactly and removes the style', async () => {
  const { page: p, log } = await page('?auto=false');
  const result = await p.evaluate(async () => {
    const texts = (root) => {
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const out = [];
      while (w.nextNode()) out.push(w.currentNode);
      return out;
    };
    const html = document.body.innerHTML;
    const nodes = texts(document.body);
    const data = nodes.map((n) => n.data);
    // The marks' sheet is adopted while the module loads, ahead of the first marks.
    const ours = () => document.adoptedStyleSheets
      .filter((s) => [...s.cssRules].some((r) => r.cssText.startsWith('forklar-term'))).length;
    const sheets = document.adoptedStyleSheets.length - ours();
    const early = ours();
    const made = await window.forklar.annotate(document.body);
    const marked = document.querySelectorAll('forklar-term').length;
    const styled = ours();
    window.forklar.destroy();
    const after = texts(document.body);
    return {
      made,
      marked,
      early,
      styled,
      sameHtml: document.body.innerHTML === html,
      sameNodes: after.length === nodes.length && after.every((n, i) => n === nodes[i]),
      sameData: after.every((n, i) => n.data === data[i]),
      marksLeft: document.querySelectorAll('forklar-term').length,
      sheetsLeft: document.adoptedStyleSheets.length - sheets,
    };
  });
  assert.ok(result.made > 10 && result.made === result.marked, JSON.stringify(result));
  assert.equal(result.early, 1);
  assert.equal(result.styled, 1);
  assert.deepEqual(
    { html: result.sameHtml, nodes: result.sameNodes, data: result.sameData, marks: result.marksLeft, sheets: result.sheetsLeft },
    { html: true, nodes: true, data: true, marks: 0, sheets: 0 },
  );
  // After destroy, the page is left alone: new content is not marked.
  const later = await p.evaluate(async () => {
    document.body.insertAdjacentHTML('beforeend', '<p>aktier efter destroy</p>');
    await new Promise((r) => setTimeout(r, 200));
    return document.querySelectorAll('forklar-term').length;
  });
  assert.equal(later, 0);
  assertClean(log);
  await p.close();
});

test('the marks\' style sheet is adopted while the module loads, and destroy() removes it before any marking', async () => {
  const { page: p, log } = await page('?auto=false');
  const result = await p.evaluate(async () => {
    const ours = () => document.adoptedStyleSheets
      .filter((s) => [...s.cssRules].some((r) => r.cssText.startsWith('forklar-term'))).length;
    const loaded = ours();
    window.forklar.destroy();
    const destroyed = ours();
    const made = await window.forklar.annotate(document.body);
    return { loaded, destroyed, made, again: ours() };
  });
  assert.equal(result.loaded, 1);
  assert.equal(result.destroyed, 0);
  assert.ok(result.made > 10, JSON.stringify(result));
  assert.equal(result.again, 1);
  assertClean(log);
  await p.close();
});

test('running twice never double-wraps', async () => {
  const { page: p, log } = await page();
  const result = await p.evaluate(async () => {
    const html = document.body.innerHTML;
    const again = await window.forklar.annotate(document.body);
    const third = await window.forklar.annotate(document.getElementById('article'));
    return { again, third, same: document.body.innerHTML === html, nested: document.querySelectorAll('forklar-term forklar-term').length };
  });
  assert.deepEqual(result, { again: 0, third: 0, same: true, nested: 0 });
  assertClean(log);
  await p.close();
});

test('added and changed content is marked; the widget ignores its own mutations', async () => {
  const { page: p, log } = await page();
  const result = await p.evaluate(async () => {
    const count = () => document.querySelectorAll('forklar-term').length;
    const start = count();
    const div = document.createElement('div');
    div.innerHTML = '<p>Nyt afsnit om udbytte og <i>valutakurser</i>.</p>';
    document.getElementById('article').append(div);
    await new Promise((r) => setTimeout(r, 0));
    await window.forklar.idle();
    const added = [...div.querySelectorAll('forklar-term')].map((m) => m.dataset.forklarTerm);
    // A text node the first pass scanned and found nothing in, edited in place.
    document.getElementById('p7').firstChild.data = 'Nu om pension.';
    await new Promise((r) => setTimeout(r, 0));
    await window.forklar.idle();
    const changed = [...document.querySelectorAll('#p7 forklar-term')].map((m) => m.dataset.forklarTerm);
    const settled = count();
    await new Promise((r) => setTimeout(r, 300));
    return { start, added, changed, settled, after: count() };
  });
  assert.deepEqual(result.added, ['dividend', 'exchange-rate']);
  assert.deepEqual(result.changed, ['pension']);
  assert.equal(result.after, result.settled, 'no further marking after idle');
  assert.equal(result.settled, result.start + 3);
  assertClean(log);
  await p.close();
});

test('data-first-only marks each term once', async () => {
  const { page: p, log } = await page('?first-only');
  const all = await marks(p);
  const slugs = all.map((m) => m.split(':')[0]);
  assert.deepEqual(slugs, [...new Set(slugs)]);
  assert.ok(slugs.includes('kundevendt') && slugs.includes('stock'));
  assertClean(log);
  await p.close();
});

test('data-max-marks limits the marks on the page', async () => {
  const { page: p, log } = await page('?max-marks=3');
  assert.deepEqual(await marks(p), EXPECTED_ARTICLE.slice(0, 3));
  assertClean(log);
  await p.close();
});

test('data-auto="false" waits for forklar.annotate(), and data-root limits the automatic run', async () => {
  const manual = await page('?auto=false');
  assert.deepEqual(await marks(manual.page), []);
  const made = await manual.page.evaluate(() => window.forklar.annotate(document.getElementById('aside')));
  assert.equal(made, 2);
  assertClean(manual.log);
  await manual.page.close();

  const rooted = await page('?root=%23aside');
  assert.deepEqual(await marks(rooted.page), ['stock:aktier', 'bond:obligationer']);
  assertClean(rooted.log);
  await rooted.page.close();
});

test('a bad data-exclude selector is reported once and ignored', async () => {
  const { page: p, log } = await page('?exclude=%5B%5Bbad');
  assert.deepEqual(log.console, ['warning: forklar: data-exclude is not a valid selector and is ignored: [[bad']);
  assert.ok((await marks(p, '#article')).length >= EXPECTED_ARTICLE.length);
  await p.close();
});

test('starting on screen inside skipped content marks none of it', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false&exclude=.aside-note');
  const result = await p.evaluate(async () => {
    await window.forklar.ready;
    const long = document.createElement('div');
    const para = (i) => {
      const el = document.createElement('p');
      el.textContent = `Afsnit ${i} handler om aktier.`;
      return el;
    };
    for (let i = 0; i < 300; i++) long.append(para(i));
    // The screen will open inside these: an opted-out block, an excluded one, and code.
    const optedOut = document.createElement('div');
    optedOut.dataset.forklarSkip = '';
    const excluded = document.createElement('section');
    excluded.className = 'aside-note';
    const code = document.createElement('pre');
    for (const block of [optedOut, excluded, code]) {
      const inner = document.createElement('div');
      for (let i = 0; i < 100; i++) inner.append(para(`x${i}`));
      block.append(inner);
      long.append(block);
      for (let i = 0; i < 100; i++) long.append(para(i));
    }
    document.body.append(long);
    const results = [];
    for (const block of [optedOut, excluded, code]) {
      const middle = block.firstChild.children[50];
      window.scrollTo(0, middle.getBoundingClientRect().top + window.scrollY);
      window.forklar.destroy();
      const made = await window.forklar.annotate(long);
      results.push({ made, inside: block.querySelectorAll('forklar-term').length });
    }
    return results;
  });
  for (const r of result) assert.deepEqual(r, { made: 600, inside: 0 });
  assertClean(log);
  await p.close();
});

test('marks the text on screen first, then below it, then above it', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false');
  const order = await p.evaluate(async () => {
    await window.forklar.ready;
    const long = document.createElement('div');
    for (let i = 0; i < 1500; i++) {
      const para = document.createElement('p');
      para.id = `p${i}`;
      para.textContent = `Afsnit ${i} handler om aktier og andre værdipapirer.`;
      long.append(para);
    }
    document.body.append(long);
    const middle = document.getElementById('p750');
    window.scrollTo(0, middle.getBoundingClientRect().top + window.scrollY);
    const inserted = [];
    const watch = new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) if (n.localName === 'forklar-term') inserted.push(n);
      }
    });
    watch.observe(long, { childList: true, subtree: true });
    const made = await window.forklar.annotate(long);
    await new Promise((r) => setTimeout(r, 0));
    watch.disconnect();
    const h = window.innerHeight;
    // Where each mark is, in the order the marks were inserted: -1 above the screen (and the
    // quarter screen the widget counts as near), 0 near it, 1 below.
    const where = inserted.map((m) => {
      const r = m.getBoundingClientRect();
      return r.bottom < -0.25 * h ? -1 : r.top > 1.25 * h ? 1 : 0;
    });
    return { made, where };
  });
  assert.equal(order.made, 1500);
  assert.equal(order.where.length, 1500);
  // The order must be: every near mark, then every mark below, then every mark above.
  const runs = order.where.filter((w, i) => i === 0 || w !== order.where[i - 1]);
  assert.deepEqual(runs, [0, 1, -1]);
  assertClean(log);
  await p.close();
});

test('regression: one huge text node is cut in one pass, and destroy() restores it exactly', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false');
  const result = await p.evaluate(async () => {
    await window.forklar.ready;
    const host = document.createElement('div');
    // 540,000 characters and 30,000 mentions in one text node: cutting it once per mention
    // copied the rest of it every time, which crashed the tab from about 520 KB.
    const node = document.createTextNode('Afsnit om aktier. '.repeat(30000));
    host.append(node);
    document.body.append(host);
    const text = node.data;
    const made = await window.forklar.annotate(host);
    const marks = host.querySelectorAll('forklar-term');
    const marked = {
      made,
      marks: marks.length,
      words: [...marks].every((m) => m.textContent === 'aktier'),
      text: host.textContent === text,
    };
    window.forklar.destroy();
    return { ...marked, restored: host.childNodes.length === 1 && host.firstChild === node && node.data === text };
  });
  assert.deepEqual(result, { made: 30000, marks: 30000, words: true, text: true, restored: true });
  assertClean(log);
  await p.close();
});

test('regression: terms inside <summary> and role="button" stay unmarked, so the controls keep their clicks', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false');
  const result = await p.evaluate(async () => {
    await window.forklar.ready;
    const host = document.createElement('div');
    host.innerHTML = '<details><summary id="s">Om aktier</summary><p>Aktier i detaljer.</p></details>'
      + '<div role="button" tabindex="0">aktier</div><p>Obligationer udenfor.</p>';
    document.body.append(host);
    await window.forklar.annotate(host);
    return [...host.querySelectorAll('forklar-term')].map((m) => m.textContent);
  });
  assert.deepEqual(result, ['Aktier', 'Obligationer']);
  await p.click('#s');
  assert.equal(await p.evaluate(() => document.querySelector('details').open), true);
  assertClean(log);
  await p.close();
});

test('regression: terms inside images, headings, sliders and checkable menu items stay unmarked', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false');
  const result = await p.evaluate(async () => {
    await window.forklar.ready;
    const host = document.createElement('div');
    // Each of these once got a mark: a click on it toggled the menu item and opened the card.
    host.innerHTML = '<div role="menu"><div role="menuitemcheckbox" aria-checked="false" tabindex="0">Vis aktier</div>'
      + '<div role="menuitemradio" aria-checked="false">Vis obligationer</div></div>'
      + '<span role="img" aria-label="Graf over renten">Renten 📈</span>'
      + '<div role="slider" aria-valuenow="3" tabindex="0">Rente 3 %</div>'
      + '<div role="heading" aria-level="2">Aktier</div>'
      + '<div role="SWITCH checkbox" aria-checked="false">Obligationer</div>'
      + '<ul role="tree"><li role="treeitem">Aktier</li></ul>'
      + '<p>Aktier udenfor.</p>';
    document.body.append(host);
    await window.forklar.annotate(host);
    return [...host.querySelectorAll('forklar-term')].map((m) => m.textContent);
  });
  assert.deepEqual(result, ['Aktier']);
  assertClean(log);
  await p.close();
});

test('regression: destroy() before ready leaves the page unmarked and deep links off', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html', {
    // The script's load event comes right after it ran, long before its Wasm file is compiled.
    before: (page) => page.addInitScript(() => {
      document.addEventListener('load', (event) => {
        if (event.target.src && event.target.src.endsWith('/forklar.js')) window.forklar.destroy();
      }, true);
    }),
  });
  const result = await p.evaluate(async () => {
    while (!window.forklar) await new Promise((r) => setTimeout(r, 10));
    await window.forklar.ready;
    await window.forklar.idle();
    window.location.hash = '#forklar=kundevendt';
    await new Promise((r) => setTimeout(r, 200));
    return { marks: document.querySelectorAll('forklar-term').length, cards: document.querySelectorAll('forklar-card').length };
  });
  assert.deepEqual(result, { marks: 0, cards: 0 });
  assertClean(log);
  await p.close();
});

test('regression: an element made editable loses its marks at once and gets them back when it stops being editable', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false');
  const result = await p.evaluate(async () => {
    await window.forklar.ready;
    const host = document.createElement('div');
    host.innerHTML = '<p id="ed">Om aktier og <i>obligationer</i> i en tekst.</p>';
    document.body.append(host);
    const ed = document.getElementById('ed');
    const html = ed.innerHTML;
    const first = ed.firstChild;
    await window.forklar.annotate(host);
    const before = [...ed.querySelectorAll('forklar-term')].map((m) => m.textContent);
    ed.setAttribute('contenteditable', 'true');
    // The marks go in the observer's callback, before the page could type or save.
    await Promise.resolve();
    const editing = { marks: ed.querySelectorAll('forklar-term').length, html: ed.innerHTML === html, node: ed.firstChild === first };
    ed.removeAttribute('contenteditable');
    await new Promise((r) => setTimeout(r, 0));
    await window.forklar.idle();
    const after = [...ed.querySelectorAll('forklar-term')].map((m) => m.textContent);
    return { before, editing, after };
  });
  assert.deepEqual(result, {
    before: ['aktier', 'obligationer'],
    editing: { marks: 0, html: true, node: true },
    after: ['aktier', 'obligationer'],
  });
  assertClean(log);
  await p.close();
});

test('regression: text made editable while a long run is marking the page stays unmarked', async () => {
  const { page: p, log } = await open(browser, '/e2e/annotate.html?auto=false');
  const result = await p.evaluate(async () => {
    await window.forklar.ready;
    const host = document.createElement('div');
    const rows = [];
    for (let i = 0; i < 4000; i++) rows.push(`<p data-i="${i}">Afsnit ${i} handler om aktier og obligationer i en længere tekst.</p>`);
    host.innerHTML = `${rows.slice(0, 3800).join('')}<div id="late">${rows.slice(3800).join('')}</div>`;
    document.body.append(host);
    const late = document.getElementById('late');
    // The moment the run has marked text far below the screen, and so has walked the whole
    // page already, the page turns the last part into an editor.
    let setAt = null;
    const watch = new MutationObserver(() => {
      if (setAt === null && host.querySelector('p[data-i="1000"] forklar-term')) {
        setAt = host.querySelectorAll('forklar-term').length;
        late.setAttribute('contenteditable', 'true');
      }
    });
    watch.observe(host, { childList: true, subtree: true });
    const made = await window.forklar.annotate(host);
    watch.disconnect();
    return { setAt, made, inLate: late.querySelectorAll('forklar-term').length, total: host.querySelectorAll('forklar-term').length };
  });
  assert.ok(result.setAt !== null && result.setAt < 7600, JSON.stringify(result));
  assert.deepEqual({ inLate: result.inLate, total: result.total }, { inLate: 0, total: 7600 });
  assertClean(log);
  await p.close();
});
