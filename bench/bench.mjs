// `cargo xtask bench`: figures for speed and size, in one headless Chromium, printed as tables.
//
// It measures Forklar against the tools people use today, installed from npm (bench/package.json),
// and a plain-JavaScript reference, all in the same browser, alternating systems between
// repetitions, so the ratios hold on a noisy machine where absolute times do not:
//
// 1. transfer size: each system's code (and, for search libraries, the article data they must
//    download), raw, gzip -9 and brotli -11 (-9 for files over 4 MB, where -11 takes minutes);
//    for Forklar built with `--chunk-bytes`, also the bytes of the first card opened;
// 2. ready, cold (new browser context) and warm (the same page loaded again: HTTP and code
//    cache): Forklar from the moment its script has arrived to `forklar.ready` (compile,
//    instantiate, index read); the search libraries from having code and data to a built index;
// 3. marking generated 10 KB, 1 MB and 5 MB pages (paragraphs, lists, links, tables, code):
//    Forklar's `annotate`, mark.js `markRegExp` and findAndReplaceDOMText with one combined
//    whole-word RegExp of the same surface forms, mark.js with an array of titles (its naive
//    usage, as its own row), and a reference marker (TreeWalker + RegExp + splitText): call to
//    the next frame, the longest main-thread task (Long Tasks API) and the longest frame (Long
//    Animation Frames API: the tasks of one frame plus its style, layout and paint);
// 4. search: every keystroke of a fixed query log (exact, inflected and one-typo queries with
//    known answers; legacy spellings in the real set), p50 / p99 time, top-1 / top-3 / top-5
//    hits, and top-5 for the one-typo queries alone: Forklar, MiniSearch (prefix + fuzzy),
//    FlexSearch, Fuse.js, Orama, Lunr with Danish, and Pagefind (its Danish build, indexed ahead
//    of time);
// 5. memory after load: Forklar's Wasm memory plus its JS heap; the libraries' JS heap growth
//    from building their index (after garbage collection, with the source documents dropped).
//
// Article sets: the real one (content/) and synthetic ones (FORKLAR_BENCH_SETS, default
// 1000,10000,30000) built from the real articles' words with a fixed seed, compiled with
// `cargo xtask dist --content`, bundled and with `--chunk-bytes`. Marking is measured on the
// real and the 1,000 sets, the peers' search up to 30,000 (Fuse.js only up to 10,000: it takes
// seconds per keystroke beyond).
//
// FORKLAR_BENCH_SMOKE=1 (run by `cargo xtask test`) is the same code on the real set only, one
// repetition, the 10 KB page only: it writes target/bench/smoke.json instead of docs/ and fails
// when a measure is missing, not a number, or out of its range (see `checkSmoke`), so the
// benchmark cannot rot between full runs.
import { chromium } from 'playwright-core';
import * as pagefind from 'pagefind';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BASE = process.env.FORKLAR_URL;
const ROOT = process.env.FORKLAR_ROOT;
const OUT = join(ROOT, 'target/bench');
const SMOKE = process.env.FORKLAR_BENCH_SMOKE === '1';
const REPS = SMOKE ? 1 : Number(process.env.FORKLAR_BENCH_REPS ?? 5);
const SETS = SMOKE ? [] : (process.env.FORKLAR_BENCH_SETS ?? '1000,10000,30000').split(',').map(Number).filter((n) => n > 0);

// A deterministic generator, so every run measures the same page.
let seed = 0x2545f491;
function random() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
}

function articles(dir = join(ROOT, 'content')) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const [, front, body] = text.split(/^---$/m);
      const list = (key) => (front.match(new RegExp(`^${key}:\\s*\\[(.*)\\]\\s*$`, 'm'))?.[1] ?? '')
        .split(',').map((s) => s.trim()).filter(Boolean);
      const field = (key) => (front.match(new RegExp(`^${key}:\\s*(.+)$`, 'm'))?.[1] ?? '').trim();
      const title = field('title');
      return {
        slug: f.slice(0, -3),
        title,
        names: [title, ...list('aliases'), ...list('forms')],
        description: field('description'),
        keywords: field('keywords'),
        body,
      };
    });
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// `size` bytes of visible text in the markup of a real page: paragraphs of the articles' own
// prose (20% with a <b> or a link), and now and then a list, a table and a code block.
function hostPage(list, size) {
  const paragraphs = list.flatMap((a) => a.body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'))
    .map((p) => p.replace(/^[-> ]+/, '')));
  const pick = () => escapeHtml(paragraphs[Math.floor(random() * paragraphs.length)]);
  const sentence = () => pick().split('. ')[0];
  const out = [];
  let total = 0;
  for (let n = 0; total < size; n++) {
    let block;
    if (n % 23 === 11) {
      block = `<ul>${[0, 1, 2].map(() => `<li>${sentence()}</li>`).join('')}</ul>`;
    } else if (n % 41 === 20) {
      block = `<table><tr><th>Post</th><th>Beløb</th></tr>${[0, 1, 2].map((i) => `<tr><td>${sentence().slice(0, 40)}</td><td>${(i + 1) * 1250} kr.</td></tr>`).join('')}</table>`;
    } else if (n % 37 === 7) {
      block = `<pre><code>const rente = 0.035; // ${sentence().slice(0, 30)}</code></pre>`;
    } else {
      let p = pick();
      if (random() < 0.2) {
        const words = p.split(' ');
        const i = Math.floor(random() * words.length);
        words[i] = random() < 0.5 ? `<b>${words[i]}</b>` : `<a href="#s${n}">${words[i]}</a>`;
        p = words.join(' ');
      }
      block = `<p>${p}</p>`;
    }
    out.push(block);
    total += block.replace(/<[^>]*>/g, '').length;
  }
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>bench</title>
<link rel="icon" href="data:,"></head><body>${out.join('\n')}</body></html>`;
}

const HOSTS = [['10k', 10_000], ['1m', 1_000_000], ['5m', 5_000_000]].filter(([name]) => !SMOKE || name === '10k');

// Elements no system marks inside, the same for all.
const SKIP = ['script', 'style', 'code', 'pre', 'a', 'button', 'textarea', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

// The reference marker: what plain JavaScript does with one combined regular expression.
// `regex` is the source of an expression that builds it, shared with the peers' runs.
function referenceMarker(regex) {
  return `(() => {
    const re = ${regex};
    const skip = ${JSON.stringify(SKIP.join(','))};
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (w.nextNode()) nodes.push(w.currentNode);
    let count = 0;
    for (const node of nodes) {
      const found = [...node.data.matchAll(re)];
      for (let i = found.length - 1; i >= 0; i--) {
        const m = found[i];
        node.splitText(m.index + m[0].length);
        const mid = node.splitText(m.index);
        const mark = document.createElement('mark');
        mid.replaceWith(mark);
        mark.append(mid);
        count++;
      }
    }
    return count;
  })()`;
}

// [query, the article it should find, whether it has one typo]
const QUERIES = [
  ['kundevendt', 'kundevendt'], ['obligation', 'bond'], ['formueforvaltning', 'wealthmanagement'],
  ['børsmæglerne', 'stockbroker'], ['aktierne', 'stock'], ['obligationens', 'bond'],
  ['kundevnedt', 'kundevendt', true], ['obligatoin', 'bond', true], ['inflaton', 'inflation', true],
  ['ejendomsmæglr', 'realtor', true], ['boersmaegler', 'stockbroker'], ['økonomisk planlægger', 'financialplanner'],
  ['realkreditlån', 'mortgage'], ['centralbank', 'central-bank'], ['valutakurs', 'exchange-rate'],
  ['centrlbank', 'central-bank', true], ['valutakrus', 'exchange-rate', true], ['realkreditlan', 'mortgage', true],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// The first and third quartile, for the spread of a figure taken from many samples.
function quartiles(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil((3 * (s.length - 1)) / 4)]];
}

// Cold loads per build for ready. One cold load takes about a second, and on this 2-core
// machine loads of the same build spread over 15-80 ms at 1,000 articles (the page's main
// thread and the browser's compiler threads share the cores), far more than the differences
// between builds that matter; a median of three moved by 15 ms between runs of the same code.
// So ready takes nine whatever the repetitions, and reports the quartiles too.
const READY_LOADS = SMOKE ? 1 : Math.max(REPS, 9);


const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--enable-precise-memory-info', '--js-flags=--expose-gc',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'];

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'blank.html'), '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>b</title><link rel="icon" href="data:,"></head><body><p>x</p></body></html>');

// The synthetic sets: titles are compounds of two words from the real articles (so they read
// as Danish and each occurs in few articles), bodies are 2-4 short paragraphs of those words
// with links and inflected mentions of other titles (about 1.4 KB, like a glossary entry).
// Every set is a prefix of the largest, so the scales stay comparable.
function syntheticSets(sizes) {
  const max = Math.max(...sizes);
  const words = [...new Set(articles().flatMap((a) => a.body.toLowerCase().match(/\p{L}{4,}/gu) ?? []))].sort();
  const pick = () => words[Math.floor(random() * words.length)];
  const taken = new Set(articles().flatMap((a) => a.names.map((x) => x.toLowerCase())));
  const titles = [];
  while (titles.length < max) {
    const t = pick() + pick();
    if (t.length <= 22 && !taken.has(t)) {
      taken.add(t);
      titles.push(t[0].toUpperCase() + t.slice(1));
    }
  }
  const sentence = (k) => {
    const ws = Array.from({ length: k }, pick);
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return `${ws.join(' ')}.`;
  };
  const categories = ['Bank', 'Investering', 'Regnskab', 'Skat', 'Bolig', 'Økonomi', 'Business', 'Forsikring'];
  const texts = titles.map((title, i) => {
    const paragraphs = Array.from({ length: 2 + Math.floor(random() * 3) }, () => {
      const parts = Array.from({ length: 2 + Math.floor(random() * 2) }, () => sentence(7 + Math.floor(random() * 8)));
      // Other articles (among the first ones, so every prefix set links inside itself).
      const j = Math.floor(random() * Math.min(i + 1, 1000));
      const other = titles[j].toLowerCase();
      parts.push(random() < 0.5 ? `Se også [${other}](/a${j}).` : `Det handler også om ${other}en.`);
      return parts.join(' ');
    });
    return `---\ntitle: ${title}\ndescription: ${sentence(10)}\nkeywords: ${categories[i % categories.length]}\n---\n\n# ${title}\n\n${paragraphs.join('\n\n')}\n`;
  });
  return sizes.map((n) => {
    const dir = join(OUT, `content-${n}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `a${i}.md`), texts[i]);
    // 10 exact titles, 10 inflected, 10 with one typo (swap, drop or change a letter).
    const queries = [];
    for (let k = 0; k < 30; k++) {
      const i = Math.floor(random() * n);
      const t = titles[i].toLowerCase();
      const at = 2 + Math.floor(random() * (t.length - 4));
      const typo = [
        t.slice(0, at) + t[at + 1] + t[at] + t.slice(at + 2),
        t.slice(0, at) + t.slice(at + 1),
        t.slice(0, at) + (t[at] === 'e' ? 'a' : 'e') + t.slice(at + 1),
      ][k % 3];
      queries.push(k < 10 ? [t, `a${i}`] : k < 20 ? [`${t}en`, `a${i}`] : [typo, `a${i}`, true]);
    }
    return { n, dir, queries };
  });
}

// Loads the widget without its automatic run into `page`, so a measured call is the only
// marking, and returns the time from the script's arrival (its resource timing) to
// `forklar.ready`, which includes reading the index, and from inserting the tag.
function loadForklar(page, script) {
  return page.evaluate(async (src) => {
    const t0 = performance.now();
    const s = document.createElement('script');
    s.src = src;
    s.dataset.auto = 'false';
    document.head.append(s);
    while (!window.forklar) await new Promise((r) => setTimeout(r, 0));
    await window.forklar.ready;
    const t1 = performance.now();
    const entry = performance.getEntriesByName(s.src)[0];
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/forklar_bg.wasm'));
    return { ms: t1 - (entry ? entry.responseEnd : t0), fromWasm: wasm ? t1 - wasm.responseEnd : null, fromTag: t1 - t0 };
  }, script);
}

async function heap(page) {
  return page.evaluate(() => {
    window.gc?.();
    return performance.memory.usedJSHeapSize;
  });
}

// Ready, cold and warm, and memory, for one build of Forklar: a fresh browser context per
// repetition (nothing cached), then the same page loaded again in it (HTTP and code cache).
// Then the first mark on the cold page: `annotate()` on one new paragraph naming `term`, called
// twice, so that what the first call pays once (the matcher's table, the cards' set-up, code
// run for the first time) shows against the second.
async function readyOf(browser, script, reps, term) {
  const cold = [];
  const warm = [];
  const coldFromWasm = [];
  const firstMark = [];
  const secondMark = [];
  let memory = null;
  for (let i = 0; i < reps; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${BASE}/bench/blank.html`);
    const before = await heap(page);
    const first = await loadForklar(page, script);
    cold.push(first.ms);
    coldFromWasm.push(first.fromWasm);
    if (!memory) {
      memory = { wasm: await page.evaluate(() => window.forklar.memory()), heap: (await heap(page)) - before };
    }
    const [one, two] = await page.evaluate(async (term) => {
      const times = [];
      for (let i = 0; i < 2; i++) {
        const p = document.createElement('p');
        p.textContent = `Her står ${term}, og mere tekst.`;
        document.body.append(p);
        const t0 = performance.now();
        const made = await window.forklar.annotate(p);
        if (made < 1) throw new Error(`no mark in the first-mark paragraph (${term})`);
        times.push(performance.now() - t0);
      }
      return times;
    }, term);
    firstMark.push(one);
    secondMark.push(two);
    await page.goto(`${BASE}/bench/blank.html`);
    warm.push((await loadForklar(page, script)).ms);
    await context.close();
  }
  return {
    cold: median(cold), warm: median(warm), fromWasm: median(coldFromWasm), memory,
    coldQuartiles: quartiles(cold), fromWasmQuartiles: quartiles(coldFromWasm), loads: cold.length,
    firstMark: median(firstMark), secondMark: median(secondMark),
  };
}

async function measureMarking(browser, set, results) {
  const list = set.list;
  const dir = join(OUT, set.name);
  const forms = [...new Set(list.flatMap((a) => a.names.map((n) => n.toLowerCase())))];
  const pattern = forms.sort((a, b) => b.length - a.length)
    .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  const regex = `new RegExp('(?<![\\\\p{L}\\\\p{N}])(?:' + ${JSON.stringify(pattern)} + ')(?![\\\\p{L}\\\\p{N}])', 'giu')`;
  const MARKERS = {
    Forklar: { setup: (page) => loadForklar(page, `${set.dist}/forklar.js`), run: 'window.forklar.annotate(document.body)' },
    'mark.js markRegExp': {
      setup: (page) => page.addScriptTag({ url: '/peers/mark.js/dist/mark.min.js' }),
      run: `new Promise((done) => new Mark(document.body).markRegExp(${regex}, { exclude: ${JSON.stringify(SKIP)}, done }))`,
    },
    findAndReplaceDOMText: {
      setup: (page) => page.addScriptTag({ url: '/peers/findandreplacedomtext/src/findAndReplaceDOMText.js' }),
      run: `(() => { let n = 0; findAndReplaceDOMText(document.body, { find: ${regex},
        replace: (portion) => { if (portion.index === 0) n++; const m = document.createElement('mark'); m.textContent = portion.text; return m; },
        filterElements: (el) => !${JSON.stringify(SKIP.map((t) => t.toUpperCase()))}.includes(el.nodeName) }); return n; })()`,
    },
    'reference (plain JS)': { setup: async () => {}, run: referenceMarker(regex) },
    // The page's own floor: one changed character and the relayout it causes, no marking. On
    // the 5 MB page this alone is a task of over 50 ms, so no DOM-changing marker can stay under.
    'floor: one text edit, no marks': {
      setup: async () => {},
      run: `(() => { const t = document.querySelector('p').firstChild; t.data = t.data + ' '; return 0; })()`,
    },
  };
  const naive = {
    setup: (page) => page.addScriptTag({ url: '/peers/mark.js/dist/mark.min.js' }),
    run: `new Promise((done) => new Mark(document.body).mark(${JSON.stringify(list.map((a) => a.title))},
      { exclude: ${JSON.stringify(SKIP)}, accuracy: 'exactly', separateWordSearch: false, done }))`,
  };
  for (const [host, size] of HOSTS) {
    writeFileSync(join(dir, `host-${host}.html`), hostPage(list, size));
    const markers = { ...MARKERS };
    // mark.js's array mode is quadratic: one row where it finishes in seconds.
    if (list.length <= 100 && host !== '5m') markers['mark.js array (naive, titles)'] = naive;
    // The 1 MB page decides the marking budgets, and a median of three there moved between
    // 4.0x and 7.3x across runs of the same code: it takes at least five repetitions, whatever
    // FORKLAR_BENCH_REPS says (the smoke run has no 1 MB page). The 5 MB page takes seconds a
    // run, so at most three.
    const reps = host === '5m' ? Math.min(REPS, 3) : host === '1m' ? Math.max(REPS, 5) : REPS;
    const runs = Object.fromEntries(Object.keys(markers).map((k) => [k, []]));
    for (let i = 0; i < reps; i++) {
      const order = Object.keys(markers);
      if (i % 2) order.reverse();
      for (const name of order) {
        const page = await browser.newPage();
        await page.goto(`${BASE}/bench/${set.name}/host-${host}.html`);
        await markers[name].setup(page);
        runs[name].push(await page.evaluate(async (code) => {
          const long = [];
          const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); });
          po.observe({ type: 'longtask' });
          // Chromium's Long Tasks API leaves out most rendering tasks, which run no script: a
          // marker that lets the browser lay the page out between its own tasks looked better
          // there than it is. Long animation frames include that work, so they are the figure
          // the budget is checked on.
          const frames = [];
          const frameObserver = new PerformanceObserver((l) => { for (const e of l.getEntries()) frames.push(e); });
          frameObserver.observe({ type: 'long-animation-frame' });
          document.body.offsetHeight;
          performance.clearMarks('forklar:visible');
          const t0 = performance.now();
          const value = await (0, eval)(code);
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const ms = performance.now() - t0;
          await new Promise((r) => setTimeout(r, 50));
          po.disconnect();
          frameObserver.disconnect();
          // Frames that overlap the measured time: the one the call starts in began before t0.
          const overlapping = frames.filter((e) => e.startTime + e.duration > t0).map((e) => e.duration);
          const count = typeof value === 'number' ? value : document.querySelectorAll('mark').length;
          // Forklar marks what is on screen first and says when with a performance mark; the
          // others are done with everything at once.
          const visible = performance.getEntriesByName('forklar:visible')[0];
          return { ms, visibleMs: visible ? visible.startTime - t0 : ms, count, longest: Math.max(0, ...long), longestFrame: Math.max(0, ...overlapping) };
        }, markers[name].run));
        await page.close();
      }
    }
    results.mark[host] = {};
    for (const [name, r] of Object.entries(runs)) {
      results.mark[host][name] = {
        ms: median(r.map((x) => x.ms)),
        visibleMs: median(r.map((x) => x.visibleMs)),
        marks: r[0].count,
        longestTaskMs: median(r.map((x) => x.longest)),
        longestFrameMs: median(r.map((x) => x.longestFrame)),
      };
    }
  }
}

// Search: each system in a fresh page (so its heap growth is its own), every keystroke of the
// log. A system is stopped when one keystroke takes over 3 s or the log over 120 s.
async function measureSearch(browser, set, results) {
  const url = `/bench/${set.name}`;
  for (const [name, setup] of Object.entries(SEARCHERS)) {
    if (name === 'Fuse.js' && set.list.length > 10_000) continue;
    const page = await browser.newPage();
    await page.goto(`${BASE}/bench/blank.html`);
    let forklarMemory = null;
    if (name === 'Forklar') {
      await loadForklar(page, `${set.dist}/forklar.js`);
    } else {
      for (const f of ['minisearch/dist/umd/index.js', 'lunr/lunr.min.js', 'lunr-languages/min/lunr.stemmer.support.min.js', 'lunr-languages/min/lunr.da.min.js']) {
        await page.addScriptTag({ url: `/peers/${f}` });
      }
    }
    const reps = set.list.length > 1000 ? 1 : 5;
    results.search[name] = await page.evaluate(async ({ setup, queries, data, reps }) => {
      window.BENCH_DATA = data;
      window.gc?.();
      const heap0 = performance.memory.usedJSHeapSize;
      const engine = await (0, eval)(setup);
      window.gc?.();
      const heapMB = (performance.memory.usedJSHeapSize - heap0) / 1e6;
      const times = [];
      let top1 = 0;
      let top3 = 0;
      let top5 = 0;
      let typo5 = 0;
      let aborted = false;
      const start = performance.now();
      outer: for (let rep = 0; rep < reps; rep++) {
        for (const [q, slug] of queries) {
          for (let i = 1; i <= q.length; i++) {
            const t0 = performance.now();
            const ids = await engine.search(q.slice(0, i));
            const dt = performance.now() - t0;
            times.push(dt);
            if (dt > 3000 || performance.now() - start > 120_000) { aborted = true; break outer; }
          }
        }
      }
      // Hit rates from the whole queries, once.
      for (const [q, slug, typo] of queries) {
        const rank = (await (engine.rank ?? engine.search)(q)).indexOf(slug);
        if (rank === 0) top1++;
        if (rank >= 0 && rank < 3) top3++;
        if (rank >= 0 && rank < 5) { top5++; if (typo) typo5++; }
      }
      // The one-typo queries as they are typed: from the fifth letter on, is the answer in the
      // top 5 at each keystroke? Past the typo, only a system that compares what is typed so far
      // with the beginnings of words, allowing for a typo, can know it. Untimed; left out
      // (null) for a system stopped early or too slow to answer them all in a minute.
      let typing = 0;
      let typingTop5 = 0;
      const typingStart = performance.now();
      for (const [q, slug, typo] of aborted ? [] : queries) {
        if (!typo) continue;
        for (let i = 5; i <= q.length; i++) {
          const rank = (await (engine.rank ?? engine.search)(q.slice(0, i))).indexOf(slug);
          typing++;
          if (rank >= 0 && rank < 5) typingTop5++;
        }
        if (performance.now() - typingStart > 60_000) { typing = 0; break; }
      }
      times.sort((a, b) => a - b);
      const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
      const typos = queries.filter((q) => q[2]).length;
      return { buildMs: engine.build, heapMB, keystrokes: times.length, aborted, p50Ms: at(0.5), p99Ms: at(0.99),
        top1: top1 / queries.length, top3: top3 / queries.length, top5: top5 / queries.length, typoTop5: typos ? typo5 / typos : null,
        typingTypoTop5: typing ? typingTop5 / typing : null };
    }, { setup, queries: set.queries, data: `${url}/articles.json`, reps });
    if (name !== 'Forklar') results.ready[name] = { cold: results.search[name].buildMs, memoryMB: results.search[name].heapMB };
    await page.close();
  }
}

// Pagefind indexes ahead of time with its own binary, which its npm package drives: the same
// documents as the other libraries get, as custom records in Danish (its Danish stemmer), the
// title first in the text. Returns the build time and the files a page downloads to search
// everything: the script, the Danish Wasm, the entry, the metadata and every index chunk. Each
// result's text ("fragment") is fetched per hit shown, like Forklar's chunk files, and is left
// out, as Forklar's bundled size includes its bodies and the chunked one does not.
async function buildPagefind(documents, out) {
  rmSync(out, { recursive: true, force: true });
  const t0 = Date.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'da' });
  if (errors.length) throw new Error(`pagefind: ${errors.join('; ')}`);
  for (const d of documents) {
    const added = await index.addCustomRecord({
      url: `/${d.id}`,
      content: `${d.title}. ${d.names}. ${d.description}. ${d.body}`,
      language: 'da',
      meta: { title: d.title },
    });
    if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  }
  const written = await index.writeFiles({ outputPath: out });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  const ms = Date.now() - t0;
  const files = ['pagefind.js', 'pagefind-entry.json', 'wasm.da.pagefind'].map((f) => join(out, f));
  for (const f of readdirSync(out)) if (f.endsWith('.pf_meta')) files.push(join(out, f));
  for (const f of readdirSync(join(out, 'index'))) files.push(join(out, 'index', f));
  return { ms, files };
}

async function measureSet(browser, set) {
  const list = set.list;
  const dir = join(OUT, set.name);
  mkdirSync(dir, { recursive: true });
  // The search libraries get the article text, not rendered HTML: what they would download.
  const documents = list.map((a) => ({
    id: a.slug,
    title: a.title,
    names: a.names.slice(1).join(' · '),
    description: `${a.description} ${a.keywords}`,
    body: a.body.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[#>*_`-]/g, ' '),
  }));
  writeFileSync(join(dir, 'articles.json'), JSON.stringify(documents));
  const pagefindDir = join(dir, 'pagefind');
  const pagefindBuild = await buildPagefind(documents, pagefindDir);

  const results = { articles: list.length, size: {}, ready: {}, mark: {}, search: {}, chunked: null };
  console.log(`${set.name}: sizes`);
  results.size.Forklar = sizes([join(set.distDir, 'forklar.js'), join(set.distDir, 'forklar_bg.wasm')]);
  for (const [name, files] of Object.entries(PEER_FILES)) {
    const data = ['mark.js', 'findAndReplaceDOMText'].includes(name) ? [] : [join(dir, 'articles.json')];
    results.size[name] = sizes([...files.map((f) => join(NM, f)), ...data]);
  }
  results.size.Pagefind = sizes(pagefindBuild.files);
  results.pagefindBuildMs = pagefindBuild.ms;
  console.log(`${set.name}: ready`);
  const term = set.list[0].title;
  const ready = await readyOf(browser, `${set.dist}/forklar.js`, READY_LOADS, term);
  results.ready.Forklar = { cold: ready.cold, warm: ready.warm, fromWasm: ready.fromWasm, memoryMB: (ready.memory.wasm + ready.memory.heap) / 1e6, wasmMB: ready.memory.wasm / 1e6,
    coldQuartiles: ready.coldQuartiles, fromWasmQuartiles: ready.fromWasmQuartiles, loads: ready.loads,
    firstMarkMs: ready.firstMark, secondMarkMs: ready.secondMark };
  if (set.chunkedDir) {
    const chunkFiles = readdirSync(set.chunkedDir).filter((f) => /^forklar-[0-9a-f]{16}\.html$/.test(f));
    const chunkSizes = chunkFiles.map((f) => sizes([join(set.chunkedDir, f)]));
    const r = await readyOf(browser, `${set.chunkedDist}/forklar.js`, READY_LOADS, term);
    results.chunked = {
      size: sizes([join(set.chunkedDir, 'forklar.js'), join(set.chunkedDir, 'forklar_bg.wasm')]),
      chunks: chunkFiles.length,
      firstCard: { raw: median(chunkSizes.map((c) => c.raw)), brotli: median(chunkSizes.map((c) => c.brotli)) },
      ready: { cold: r.cold, warm: r.warm, fromWasm: r.fromWasm, memoryMB: (r.memory.wasm + r.memory.heap) / 1e6,
        coldQuartiles: r.coldQuartiles, fromWasmQuartiles: r.fromWasmQuartiles },
    };
  }
  if (set.marking) {
    console.log(`${set.name}: marking`);
    await measureMarking(browser, set, results);
  }
  console.log(`${set.name}: search`);
  await measureSearch(browser, set, results);
  return results;
}

// Each file compressed on its own, as a CDN serves it, and summed; each file once per run.
const compressed = new Map();
function sizes(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    if (!compressed.has(f)) {
      const bytes = readFileSync(f);
      const quality = bytes.length > 4_000_000 ? 9 : 11;
      compressed.set(f, {
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }).length,
      });
    }
    const c = compressed.get(f);
    total.raw += c.raw;
    total.gzip += c.gzip;
    total.brotli += c.brotli;
  }
  return total;
}
const NM = join(ROOT, 'bench/node_modules');
const PEER_FILES = {
  'mark.js': ['mark.js/dist/mark.min.js'],
  findAndReplaceDOMText: ['findandreplacedomtext/src/findAndReplaceDOMText.js'],
  MiniSearch: ['minisearch/dist/umd/index.js'],
  FlexSearch: ['flexsearch/dist/flexsearch.bundle.module.min.mjs'],
  'Fuse.js': ['fuse.js/dist/fuse.min.mjs'],
  // Orama ships as many ES modules; all of its browser build is counted.
  Orama: readdirSync(join(NM, '@orama/orama/dist/browser'), { recursive: true })
    .filter((f) => f.endsWith('.js')).map((f) => `@orama/orama/dist/browser/${f}`),
  'Lunr + da': ['lunr/lunr.min.js', 'lunr-languages/min/lunr.stemmer.support.min.js', 'lunr-languages/min/lunr.da.min.js'],
};
// Each searcher is code evaluated in the page: it fetches the articles (window.BENCH_DATA),
// builds its index (timed as `build`) and answers queries with article ids.
const SEARCHERS = {
  Forklar: `(async () => ({ build: 0, search: (q) => window.forklar.search(q, { limit: 10 }).map((h) => h.slug) }))()`,
  Orama: `(async () => {
    const { create, insertMultiple, search } = await import('/peers/@orama/orama/dist/browser/index.js');
    const docs = await (await fetch(window.BENCH_DATA)).json();
    const t0 = performance.now();
    const db = create({ schema: { slug: 'string', title: 'string', names: 'string', description: 'string', body: 'string' }, components: { tokenizer: { language: 'danish' } } });
    await insertMultiple(db, docs.map((d) => ({ slug: d.id, title: d.title, names: d.names, description: d.description, body: d.body })), 500);
    const build = performance.now() - t0;
    return { build, search: async (q) => (await search(db, { term: q, limit: 10, tolerance: q.length > 4 ? 1 : 0, boost: { title: 2 } })).hits.map((h) => h.document.slug) };
  })()`,
  MiniSearch: `(async () => {
    const docs = await (await fetch(window.BENCH_DATA)).json();
    const t0 = performance.now();
    const ms = new MiniSearch({ fields: ['title', 'names', 'description', 'body'] });
    ms.addAll(docs);
    const build = performance.now() - t0;
    return { build, search: (q) => ms.search(q, { prefix: true, fuzzy: q.length > 4 ? 0.2 : false, boost: { title: 2 } }).slice(0, 10).map((r) => r.id) };
  })()`,
  FlexSearch: `(async () => {
    const { Document, Charset } = await import('/peers/flexsearch/dist/flexsearch.bundle.module.min.mjs');
    const docs = await (await fetch(window.BENCH_DATA)).json();
    const t0 = performance.now();
    const index = new Document({ document: { id: 'id', index: ['title', 'names', 'description', 'body'] }, tokenize: 'forward', encoder: Charset.LatinBalance });
    for (const d of docs) index.add(d);
    const build = performance.now() - t0;
    return { build, search: (q) => {
      const ids = [];
      for (const field of index.search(q, { limit: 10, suggest: true })) for (const id of field.result) if (!ids.includes(id)) ids.push(id);
      return ids.slice(0, 10);
    } };
  })()`,
  'Fuse.js': `(async () => {
    const { default: Fuse } = await import('/peers/fuse.js/dist/fuse.min.mjs');
    const docs = await (await fetch(window.BENCH_DATA)).json();
    const t0 = performance.now();
    const fuse = new Fuse(docs, { keys: ['title', 'names', 'description', 'body'], threshold: 0.3, ignoreLocation: true });
    const build = performance.now() - t0;
    return { build, search: (q) => fuse.search(q, { limit: 10 }).map((r) => r.item.id) };
  })()`,
  // Pagefind has no typo tolerance. Its index is built ahead of time (buildPagefind), so its
  // "build" here is `init()`: fetching its script, Wasm and metadata. A keystroke is timed as
  // `search()`, which fetches index chunks when first needed; the hit rates then read each
  // result's URL, which costs a request per result and is not timed.
  Pagefind: `(async () => {
    const base = window.BENCH_DATA.replace(/articles\\.json$/, 'pagefind/');
    const t0 = performance.now();
    const pagefind = await import(base + 'pagefind.js');
    await pagefind.options({ basePath: base });
    await pagefind.init();
    const build = performance.now() - t0;
    return { build, search: (q) => pagefind.search(q), rank: async (q) => {
      const found = await pagefind.search(q);
      const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      return top.map((d) => d.url.replace(/\\/+$/, '').split('/').pop());
    } };
  })()`,
  'Lunr + da': `(async () => {
    const docs = await (await fetch(window.BENCH_DATA)).json();
    const t0 = performance.now();
    const idx = lunr(function () {
      this.use(lunr.da);
      this.ref('id');
      this.field('title', { boost: 2 });
      this.field('names');
      this.field('description');
      this.field('body');
      for (const d of docs) this.add(d);
    });
    const build = performance.now() - t0;
    return { build, search: (q) => {
      const words = q.toLowerCase().split(/[^\\p{L}\\p{N}]+/u).filter(Boolean);
      if (!words.length) return [];
      try {
        return idx.query((query) => {
          for (const w of words) {
            query.term(w, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
            query.term(w, { editDistance: w.length > 4 ? 1 : 0 });
          }
        }).slice(0, 10).map((r) => r.ref);
      } catch (err) { return []; }
    } };
  })()`,
};

// The sets: the real one as built in dist/, and the synthetic ones, built here, bundled and
// with bodies in chunk files.
const CHUNK_BYTES = 64_000;
function dist(content, out, chunked) {
  // `dist` keeps chunk files of earlier builds (readers' cached modules still ask for them);
  // the sizes measured here are this build's alone.
  rmSync(out, { recursive: true, force: true });
  const args = ['run', '--quiet', '--package', 'xtask', '--', 'dist', '--content', content, '--out', out];
  if (chunked) args.push('--chunk-bytes', String(CHUNK_BYTES));
  execFileSync('cargo', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}
const chunkedReal = join(OUT, 'dist-real-chunked');
dist(join(ROOT, 'content'), chunkedReal, true);
const sets = [{ name: 'real', list: articles(), dist: '/dist', distDir: join(ROOT, 'dist'), queries: QUERIES, marking: true,
  chunkedDir: chunkedReal, chunkedDist: '/bench/dist-real-chunked' }];
for (const synthetic of syntheticSets(SETS)) {
  const n = synthetic.n;
  const distDir = join(OUT, `dist-${n}`);
  const chunkedDir = join(OUT, `dist-${n}-chunked`);
  console.log(`building the ${n}-article bundles`);
  const t0 = Date.now();
  dist(synthetic.dir, distDir, false);
  console.log(`  bundled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  dist(synthetic.dir, chunkedDir, true);
  sets.push({ name: `synthetic-${n}`, list: articles(synthetic.dir), dist: `/bench/dist-${n}`, distDir, queries: synthetic.queries,
    marking: n <= 1000, chunkedDir, chunkedDist: `/bench/dist-${n}-chunked` });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
{
  // `cargo xtask bench` serves the pages cross-origin isolated: only then does Chromium's
  // performance.now() resolve finer than 0.1 ms, about what a search keystroke takes.
  const page = await browser.newPage();
  await page.goto(`${BASE}/bench/blank.html`);
  const isolated = await page.evaluate(() => window.crossOriginIsolated);
  await page.close();
  console.log(isolated ? 'timers: cross-origin isolated (5 µs)' : 'timers: NOT cross-origin isolated: 0.1 ms resolution');
}
const all = {};
for (const set of sets) all[set.name] = await measureSet(browser, set);
await browser.close();
await pagefind.close();

// Tables: Forklar's figure, each peer's, and Forklar / peer.
const f = (n) => (n === undefined || n === null ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(0));
const pct = (n) => (n === null || n === undefined ? '—' : `${Math.round(n * 100)}%`);
// The Long Tasks and Long Animation Frames APIs report only entries of 50 ms or more, so a
// longest task or frame of 0 means none reached 50 ms, not a free one.
const longest = (n) => (n === 0 ? 'under 50' : f(n));
function table(title, headers, rows) {
  console.log(`\n${title}`);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `  ${cells.map((c, i) => String(c)[i ? 'padStart' : 'padEnd'](widths[i])).join('  ')}`;
  console.log(line(headers));
  for (const r of rows) console.log(line(r));
}
const ratio = (a, b) => (a !== undefined && b ? (a / b).toFixed(2) : '—');
const budgets = [];
const budget = (what, ok, detail) => budgets.push([what, ok ? 'met' : 'MISSED', detail]);
for (const [setName, r] of Object.entries(all)) {
  console.log(`\n=== ${setName}: ${r.articles} articles`);
  const sizeRows = Object.entries(r.size).map(([k, v]) => [k, v.raw, v.gzip, v.brotli, ratio(r.size.Forklar.brotli, v.brotli)]);
  if (r.chunked) {
    sizeRows.splice(1, 0, [`Forklar, --chunk-bytes (${r.chunked.chunks} chunks)`, r.chunked.size.raw, r.chunked.size.gzip, r.chunked.size.brotli, ratio(r.size.Forklar.brotli, r.chunked.size.brotli)],
      ['  + first card opened (median chunk)', r.chunked.firstCard.raw, '', r.chunked.firstCard.brotli, '']);
  }
  table('transfer size (bytes; search libraries include articles.json)', ['system', 'raw', 'gzip', 'brotli', 'Forklar/this (brotli)'], sizeRows);
  const readyRows = Object.entries(r.ready).map(([k, v]) => [k, f(v.cold), f(v.warm), f(v.fromWasm), f(v.memoryMB), ratio(r.ready.Forklar.cold, v.cold)]);
  if (r.chunked) readyRows.splice(1, 0, ['Forklar, --chunk-bytes', f(r.chunked.ready.cold), f(r.chunked.ready.warm), f(r.chunked.ready.fromWasm), f(r.chunked.ready.memoryMB), ratio(r.ready.Forklar.cold, r.chunked.ready.cold)]);
  table(`ready (Forklar: script arrived -> ready, cold / warm, and from the Wasm file's arrival; median of ${r.ready.Forklar.loads} loads; libraries: index build in the page, median of ${REPS}) and memory after load`,
    ['system', 'cold ms', 'warm ms', 'cold from wasm ms', 'memory MB', 'Forklar/this (cold)'], readyRows);
  const spread = (q) => (q ? `${f(q[0])}-${f(q[1])} ms` : '—');
  console.log(`  Forklar's cold loads, first to third quartile: ${spread(r.ready.Forklar.coldQuartiles)} from the script, ${spread(r.ready.Forklar.fromWasmQuartiles)} from the Wasm file` +
    (r.chunked ? `; with --chunk-bytes ${spread(r.chunked.ready.coldQuartiles)} and ${spread(r.chunked.ready.fromWasmQuartiles)}` : ''));
  console.log(`  Forklar's first mark on the cold page (annotate() of one paragraph, to its next frame): ${f(r.ready.Forklar.firstMarkMs)} ms; the same call again: ${f(r.ready.Forklar.secondMarkMs)} ms`);
  for (const [host, marks] of Object.entries(r.mark)) {
    table(`marking a ${host} page (on screen: call -> marks near the viewport; all: call -> every mark, next frame)`,
      ['system', 'marks', 'on screen ms', 'all ms', 'longest task ms', 'longest frame ms', 'Forklar/this (on screen)', 'Forklar/this (all)'],
      Object.entries(marks).map(([k, v]) => [k, v.marks, f(v.visibleMs), f(v.ms), longest(v.longestTaskMs), longest(v.longestFrameMs),
        ratio(marks.Forklar.visibleMs, v.visibleMs), ratio(marks.Forklar.ms, v.ms)]));
  }
  table(`search over ${r.search.Forklar.keystrokes} keystrokes`, ['system', 'p50 ms', 'p99 ms', 'top-1', 'top-3', 'top-5', 'one typo: top-5', 'typing it: top-5', 'Forklar/this (p50)'],
    Object.entries(r.search).map(([k, v]) => [v.aborted ? `${k} (stopped early)` : k, f(v.p50Ms), f(v.p99Ms), pct(v.top1), pct(v.top3), pct(v.top5), pct(v.typoTop5), pct(v.typingTypoTop5), ratio(r.search.Forklar.p50Ms, v.p50Ms)]));

  // The issue's budgets, said plainly.
  const peers = (obj, names) => names.map((n) => obj[n]).filter(Boolean);
  if (setName === 'real') {
    budget('size: widget + real set < 100 KB brotli (bundled)', r.size.Forklar.brotli < 100_000, `${(r.size.Forklar.brotli / 1000).toFixed(1)} KB`);
    if (r.chunked) budget('size: widget + real set < 100 KB brotli (--chunk-bytes, before the first card)', r.chunked.size.brotli < 100_000, `${(r.chunked.size.brotli / 1000).toFixed(1)} KB + ${(r.chunked.firstCard.brotli / 1000).toFixed(1)} KB on the first card`);
  }
  if (setName.startsWith('synthetic-') && all.real) {
    const per = (r.size.Forklar.brotli - all.real.size.Forklar.brotli) / (r.articles - all.real.articles);
    budget(`size: < 1 KB brotli per added article (${r.articles}, bundled)`, per < 1000, `${per.toFixed(0)} B`);
  }
  if (r.articles === 1000) {
    budget('ready < 30 ms at 1,000 articles (cold, script arrived -> ready, download included)', r.ready.Forklar.cold < 30, `${f(r.ready.Forklar.cold)} ms cold, ${f(r.ready.Forklar.warm)} ms warm`);
    // The issue's own definition (compile + instantiate + index usable), which is also what the
    // libraries' figure covers (index build, code and data already there): timed from the Wasm
    // file's arrival. Both rows are printed; neither replaces the other.
    budget('ready < 30 ms at 1,000 articles (cold, Wasm arrived -> ready: compile + instantiate + index)', r.ready.Forklar.fromWasm < 30, `${f(r.ready.Forklar.fromWasm)} ms`);
    const m = r.mark['1m'];
    if (m) {
      const best = Math.min(m['mark.js markRegExp'].ms, m.findAndReplaceDOMText.ms);
      // The issue names viewport-driven marking as a way to meet this budget, so the marks on
      // screen get their own row; the row for every mark stays, and neither replaces the other.
      budget('marking 1 MB at 1,000 articles >= 5x faster than the best peer (marks on screen painted)', m.Forklar.visibleMs * 5 <= best, `${f(m.Forklar.visibleMs)} ms vs ${f(best)} ms (${(best / m.Forklar.visibleMs).toFixed(1)}x)`);
      budget('marking 1 MB at 1,000 articles >= 5x faster than the best peer (every mark)', m.Forklar.ms * 5 <= best, `${f(m.Forklar.ms)} ms vs ${f(best)} ms (${(best / m.Forklar.ms).toFixed(1)}x)`);
    }
  }
  if (r.mark['5m']) {
    const m = r.mark['5m'];
    const floor = m['floor: one text edit, no marks'];
    budget(`no task over 50 ms while marking 5 MB (${setName}; longest frame, rendering included)`, Math.max(m.Forklar.longestTaskMs, m.Forklar.longestFrameMs) <= 50,
      `${longest(m.Forklar.longestFrameMs)} ms frame, ${longest(m.Forklar.longestTaskMs)} ms task; the page's floor (one text edit) ${longest(floor.longestFrameMs)} ms frame, ${longest(floor.longestTaskMs)} ms task`);
  }
  if (r.articles === 30000) {
    budget('ready < 300 ms at 30,000 articles (cold, bundled)', r.ready.Forklar.cold < 300, `${f(r.ready.Forklar.cold)} ms (${f(r.ready.Forklar.fromWasm)} ms after the Wasm file arrived)`);
    if (r.chunked) budget('ready < 300 ms at 30,000 articles (cold, --chunk-bytes)', r.chunked.ready.cold < 300, `${f(r.chunked.ready.cold)} ms (${f(r.chunked.ready.fromWasm)} ms after the Wasm file arrived)`);
    budget('ready < 300 ms at 30,000 articles (cold, bundled, Wasm arrived -> ready)', r.ready.Forklar.fromWasm < 300, `${f(r.ready.Forklar.fromWasm)} ms`);
    const s = r.search.Forklar;
    budget('search p50 < 1 ms and p99 < 16 ms at 30,000', s.p50Ms < 1 && s.p99Ms < 16, `${f(s.p50Ms)} / ${f(s.p99Ms)} ms`);
    const typoPeers = peers(r.search, ['MiniSearch', 'Fuse.js', 'Orama', 'Lunr + da']);
    budget('search faster (p50) than every typo-tolerant peer at 30,000', typoPeers.every((p) => s.p50Ms < p.p50Ms), typoPeers.map((p) => f(p.p50Ms)).join(' / ') + ' ms');
    budget('one-typo query in the top 5 >= 90% at 30,000', s.typoTop5 >= 0.9, pct(s.typoTop5));
  }
}
table('budgets (issue 6)', ['budget', 'result', 'figure'], budgets);

if (SMOKE) {
  writeFileSync(join(OUT, 'smoke.json'), JSON.stringify({ results: all, budgets }, null, 2));
  const problems = checkSmoke(all.real, budgets);
  if (problems.length) {
    console.error(`\nbench smoke run: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`\nbench smoke run: every measure present and in range; written: ${join(OUT, 'smoke.json')}`);
  process.exit(0);
}

// The smoke run's checks: every system has every measure, each a finite number in its range,
// and the figures that are facts rather than speeds hold (the search finds the query log's
// known answers, the marker marks the page). Returns what is wrong, as lines.
function checkSmoke(r, budgets) {
  const problems = [];
  const number = (what, v, min = 0, max = Infinity) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) problems.push(`${what}: ${v} (expected a number in ${min}..${max})`);
  };
  const searchers = Object.keys(SEARCHERS);
  const markers = ['Forklar', 'mark.js markRegExp', 'findAndReplaceDOMText', 'reference (plain JS)', 'mark.js array (naive, titles)'];
  for (const name of ['Forklar', 'Pagefind', ...Object.keys(PEER_FILES)]) {
    const size = r.size[name];
    if (!size) { problems.push(`size: no row for ${name}`); continue; }
    number(`size of ${name}, raw`, size.raw, 1);
    number(`size of ${name}, brotli`, size.brotli, 1, size.raw);
  }
  number('chunked: chunk files', r.chunked?.chunks, 1);
  number('chunked: bytes before the first card, brotli', r.chunked?.size.brotli, 1, r.size.Forklar?.brotli);
  number('chunked: the first card, brotli', r.chunked?.firstCard.brotli, 1);
  const ready = r.ready.Forklar ?? {};
  number('ready, cold', ready.cold, 0.01);
  number('ready, warm', ready.warm, 0.01);
  number('ready from the Wasm file', ready.fromWasm, 0.01, ready.cold);
  number('ready from the Wasm file, first quartile', ready.fromWasmQuartiles?.[0], 0.01, ready.fromWasm);
  number('ready from the Wasm file, third quartile', ready.fromWasmQuartiles?.[1], ready.fromWasm);
  number('first mark, cold', ready.firstMarkMs, 0.01);
  number('first mark, again', ready.secondMarkMs, 0.01);
  number('memory after load', ready.memoryMB, 0.01);
  for (const name of searchers.slice(1)) number(`${name}: index build`, r.ready[name]?.cold, 0);
  const marks = r.mark['10k'] ?? {};
  for (const name of markers) {
    const m = marks[name];
    if (!m) { problems.push(`marking 10 KB: no row for ${name}`); continue; }
    number(`marking 10 KB, ${name}: marks`, m.marks, 1);
    number(`marking 10 KB, ${name}: ms`, m.ms, 0.01);
    number(`marking 10 KB, ${name}: on screen ms`, m.visibleMs, 0, m.ms);
    number(`marking 10 KB, ${name}: longest frame`, m.longestFrameMs, 0);
  }
  for (const name of searchers) {
    const s = r.search[name];
    if (!s) { problems.push(`search: no row for ${name}`); continue; }
    number(`search, ${name}: p50`, s.p50Ms, 0, s.p99Ms);
    number(`search, ${name}: keystrokes`, s.keystrokes, 1);
    for (const k of ['top1', 'top3', 'top5', 'typoTop5', 'typingTypoTop5']) number(`search, ${name}: ${k}`, s[k], 0, 1);
    // A hit in the top 1 is in the top 3, and one in the top 3 is in the top 5.
    if (!(s.top1 <= s.top3 && s.top3 <= s.top5)) problems.push(`search, ${name}: top-1 ${s.top1}, top-3 ${s.top3}, top-5 ${s.top5} are not in order`);
    if (s.aborted) problems.push(`search, ${name}: stopped early`);
  }
  // Facts of the real set: Forklar finds every known answer of the query log in its top 5
  // (the README's table says 100%), and the 10 KB page has terms to mark.
  number('search, Forklar: top 5 on the real set', r.search.Forklar?.top5, 0.9, 1);
  number('search, Forklar: one-typo queries in the top 5', r.search.Forklar?.typoTop5, 0.9, 1);
  if (!budgets.some(([name]) => name.startsWith('size: widget + real set'))) problems.push('budgets: no size line for the real set');
  return problems;
}

writeFileSync(join(OUT, 'results.json'), JSON.stringify(all, null, 2));
mkdirSync(join(ROOT, 'docs'), { recursive: true });
writeFileSync(join(ROOT, 'docs/bench.svg'), chart(all));
writeFileSync(join(ROOT, 'docs/bench.json'), JSON.stringify({ results: all, budgets }, null, 2));
console.log(`\nwritten: ${join(OUT, 'results.json')}, docs/bench.json, docs/bench.svg`);

// A bar chart per measure, drawn from the results (log scale, so 1 ms and 10 s both show).
function chart(all) {
  const panels = Object.entries(all).flatMap(([set, r]) => [
    ...(r.mark['1m'] ? [
      [`${set}: marking 1 MB, marks on screen, ms (log scale; lower is better)`, Object.entries(r.mark['1m']).map(([k, v]) => [k, v.visibleMs])],
      [`${set}: marking 1 MB, every mark, ms`, Object.entries(r.mark['1m']).map(([k, v]) => [k, v.ms])],
    ] : []),
    [`${set}: ready (cold), ms; libraries: index build`, Object.entries(r.ready).map(([k, v]) => [k, v.cold])],
    [`${set}: search p50 per keystroke, ms`, Object.entries(r.search).map(([k, v]) => [k, v.p50Ms])],
    [`${set}: search p99 per keystroke, ms`, Object.entries(r.search).map(([k, v]) => [k, v.p99Ms])],
    [`${set}: transfer, KB brotli`, Object.entries(r.size).map(([k, v]) => [k, v.brotli / 1000])],
  ]);
  const W = 760;
  const barH = 18;
  const esc = (t) => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let y = 10;
  const parts = [];
  for (const [title, rows] of panels) {
    parts.push(`<text x="10" y="${y + 14}" font-weight="bold">${esc(title)}</text>`);
    y += 24;
    const max = Math.log10(Math.max(...rows.map(([, v]) => v), 1) * 10);
    for (const [name, v] of rows) {
      const w = Math.max(2, ((Math.log10(Math.max(v, 0.01) * 10 + 1)) / (max + 1)) * (W - 330));
      const fill = name === 'Forklar' ? '#1f5fbf' : '#9aa4b5';
      parts.push(`<text x="10" y="${y + 13}">${esc(name)}</text>`);
      parts.push(`<rect x="230" y="${y + 2}" width="${w.toFixed(1)}" height="${barH - 4}" fill="${fill}"/>`);
      parts.push(`<text x="${(236 + w).toFixed(1)}" y="${y + 13}">${f(v)}</text>`);
      y += barH;
    }
    y += 12;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${parts.join('\n')}
</svg>
`;
}
