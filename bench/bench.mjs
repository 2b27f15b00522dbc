// `cargo xtask bench`: figures for speed, in one headless Chromium, printed as tables.
//
// It measures Forklar against the tools people use today, installed from npm (bench/package.json),
// and a plain-JavaScript reference, all in the same browser, alternating systems between
// repetitions, so the ratios hold on a noisy machine where absolute times do not:
//
// 1. transfer size: each system's code (and, for search libraries, the article data they must
//    download), raw, gzip -9 and brotli -11;
// 2. ready: Forklar from inserting the script tag to `forklar.ready` (compile + instantiate, the
//    index is inside); the search libraries from having their code to an index built in the page;
// 3. marking a generated 1 MB page of article text: Forklar's `annotate`, mark.js `markRegExp`
//    and findAndReplaceDOMText with one combined whole-word RegExp of the same surface forms,
//    mark.js with an array of titles (its naive usage, as its own row), and a reference marker
//    (TreeWalker + RegExp + splitText) — call to the next frame, and the longest main-thread task;
// 4. search: every keystroke of a fixed query log (exact, prefix, inflected, misspelled and
//    legacy-spelled queries), p50 / p99 time, and top-1 / top-3 hits for the queries whose answer
//    is known: Forklar, MiniSearch (prefix + fuzzy), FlexSearch, Fuse.js and Lunr with Danish.
//
// Two article sets are measured: the real one (content/, 46 articles) and a synthetic one of
// 1,000 articles built from the real articles' words (fixed seed, compound titles, inflected
// and misspelled queries with known answers), compiled with `cargo xtask dist --content`. The
// 10k and 30k sets, the 10 KB and 5 MB pages, Orama and Pagefind are not in it yet (issue 6).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BASE = process.env.FORKLAR_URL;
const ROOT = process.env.FORKLAR_ROOT;
const OUT = join(ROOT, 'target/bench');
const REPS = Number(process.env.FORKLAR_BENCH_REPS ?? 5);

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

// About 1 MB of visible text: paragraphs of the articles' own prose, 20% with a <b>.
function hostPage(list) {
  const paragraphs = list.flatMap((a) => a.body
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'))
    .map((p) => p.replace(/^[-> ]+/, '')));
  const out = [];
  let size = 0;
  while (size < 1_000_000) {
    let p = escapeHtml(paragraphs[Math.floor(random() * paragraphs.length)]);
    if (random() < 0.2) {
      const words = p.split(' ');
      const i = Math.floor(random() * words.length);
      words[i] = `<b>${words[i]}</b>`;
      p = words.join(' ');
    }
    out.push(`<p>${p}</p>`);
    size += p.length;
  }
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>bench</title>
<link rel="icon" href="data:,"></head><body>${out.join('\n')}</body></html>`;
}

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

const QUERIES = [
  ['kundevendt', 'kundevendt'], ['obligation', 'bond'], ['formueforvaltning', 'wealthmanagement'],
  ['børsmæglerne', 'stockbroker'], ['aktierne', 'stock'], ['obligationens', 'bond'],
  ['kundevnedt', 'kundevendt'], ['obligatoin', 'bond'], ['inflaton', 'inflation'],
  ['ejendomsmæglr', 'realtor'], ['boersmaegler', 'stockbroker'], ['økonomisk planlægger', 'financialplanner'],
  ['realkreditlån', 'mortgage'], ['centralbank', 'central-bank'], ['valutakurs', 'exchange-rate'],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}


const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'];

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'blank.html'), '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>b</title><link rel="icon" href="data:,"></head><body><p>x</p></body></html>');

// The synthetic set: titles are compounds of two words from the real articles (so they read
// as Danish and each occurs in few articles), bodies are sentences of those words with links.
function syntheticSet(n) {
  const words = [...new Set(articles().flatMap((a) => a.body.toLowerCase().match(/\p{L}{4,}/gu) ?? []))].sort();
  const pick = () => words[Math.floor(random() * words.length)];
  const taken = new Set(articles().flatMap((a) => a.names.map((x) => x.toLowerCase())));
  const titles = [];
  while (titles.length < n) {
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
  const dir = join(OUT, `content-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const categories = ['Bank', 'Investering', 'Regnskab', 'Skat', 'Bolig', 'Økonomi', 'Business', 'Forsikring'];
  titles.forEach((title, i) => {
    const paragraphs = Array.from({ length: 3 + Math.floor(random() * 3) }, () => {
      const parts = Array.from({ length: 3 + Math.floor(random() * 3) }, () => sentence(8 + Math.floor(random() * 10)));
      // Other articles are mentioned by title, some as links, some inflected in running text.
      const j = Math.floor(random() * n);
      const other = titles[j].toLowerCase();
      parts.push(random() < 0.5 ? `Se også [${other}](/a${j}).` : `Det handler også om ${other}en.`);
      return parts.join(' ');
    });
    const text = `---\ntitle: ${title}\ndescription: ${sentence(12)}\nkeywords: ${categories[i % categories.length]}\n---\n\n# ${title}\n\n## Hvad er ${title.toLowerCase()}?\n\n${paragraphs.join('\n\n')}\n`;
    writeFileSync(join(dir, `a${i}.md`), text);
  });
  const queries = [];
  for (let k = 0; k < 15; k++) {
    const i = Math.floor(random() * n);
    const t = titles[i].toLowerCase();
    const variant = k % 3 === 0 ? t : k % 3 === 1 ? `${t}en` : t.slice(0, 3) + t[4] + t[3] + t.slice(5);
    queries.push([variant, `a${i}`]);
  }
  return { dir, queries };
}

async function measureSet(browser, set) {
  const list = set.list;
  const dir = join(OUT, set.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'host-1m.html'), hostPage(list));
  const forms = [...new Set(list.flatMap((a) => a.names.map((n) => n.toLowerCase())))];
  // The search libraries get the article text, not rendered HTML: what they would download.
  const documents = list.map((a) => ({
    id: a.slug,
    title: a.title,
    names: a.names.slice(1).join(' · '),
    description: `${a.description} ${a.keywords}`,
    body: a.body.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[#>*_`-]/g, ' '),
  }));
  writeFileSync(join(dir, 'articles.json'), JSON.stringify(documents));
  const url = `/bench/${set.name}`;
  const script = `${set.dist}/forklar.js`;

  const results = { articles: list.length, size: {}, ready: {}, mark: {}, search: {} };
  results.size.Forklar = sizes([join(set.distDir, 'forklar.js'), join(set.distDir, 'forklar_bg.wasm')]);
  for (const [name, files] of Object.entries(PEER_FILES)) {
    const data = ['mark.js', 'findAndReplaceDOMText'].includes(name) ? [] : [join(dir, 'articles.json')];
    results.size[name] = sizes([...files.map((f) => join(NM, f)), ...data]);
  }

  // Loads the widget without its automatic run, so the measured call is the only marking, and
  // returns the time from inserting the script tag to `forklar.ready`.
  const loadForklar = (page) => page.evaluate(async (src) => {
    const t0 = performance.now();
    const s = document.createElement('script');
    s.src = src;
    s.dataset.auto = 'false';
    document.head.append(s);
    while (!window.forklar) await new Promise((r) => setTimeout(r, 0));
    await window.forklar.ready;
    return performance.now() - t0;
  }, script);

  // ready: Forklar in fresh pages.
  const ready = [];
  for (let i = 0; i < REPS; i++) {
    const page = await browser.newPage();
    await page.goto(`${BASE}/bench/blank.html`);
    ready.push(await loadForklar(page));
    await page.close();
  }
  results.ready.Forklar = median(ready);

  // marking: each system gets a fresh page of the same 1 MB host; the order alternates.
  const pattern = forms.sort((a, b) => b.length - a.length)
    .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  const regex = `new RegExp('(?<![\\\\p{L}\\\\p{N}])(?:' + ${JSON.stringify(pattern)} + ')(?![\\\\p{L}\\\\p{N}])', 'giu')`;
  const MARKERS = {
    Forklar: { setup: loadForklar, run: 'window.forklar.annotate(document.body)' },
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
  };
  if (list.length <= 100) {
    MARKERS['mark.js array (naive, titles)'] = {
      setup: (page) => page.addScriptTag({ url: '/peers/mark.js/dist/mark.min.js' }),
      run: `new Promise((done) => new Mark(document.body).mark(${JSON.stringify(list.map((a) => a.title))},
        { exclude: ${JSON.stringify(SKIP)}, accuracy: 'exactly', separateWordSearch: false, done }))`,
    };
  }
  const markRuns = Object.fromEntries(Object.keys(MARKERS).map((k) => [k, []]));
  for (let i = 0; i < REPS; i++) {
    const order = Object.keys(MARKERS);
    if (i % 2) order.reverse();
    for (const name of order) {
      const page = await browser.newPage();
      await page.goto(`${BASE}${url}/host-1m.html`);
      await MARKERS[name].setup(page);
      markRuns[name].push(await page.evaluate(async (code) => {
        const long = [];
        const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); });
        po.observe({ type: 'longtask' });
        document.body.offsetHeight;
        performance.clearMarks('forklar:visible');
        const t0 = performance.now();
        const value = await (0, eval)(code);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const ms = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 50));
        po.disconnect();
        const count = typeof value === 'number' ? value : document.querySelectorAll('mark').length;
        // Forklar marks what is on screen first and says when with a performance mark; the
        // others are done with everything at once.
        const visible = performance.getEntriesByName('forklar:visible')[0];
        return { ms, visibleMs: visible ? visible.startTime - t0 : ms, count, longest: Math.max(0, ...long) };
      }, MARKERS[name].run));
      await page.close();
    }
  }
  for (const [name, runs] of Object.entries(markRuns)) {
    results.mark[name] = {
      ms: median(runs.map((r) => r.ms)),
      visibleMs: median(runs.map((r) => r.visibleMs)),
      marks: runs[0].count,
      longestTaskMs: median(runs.map((r) => r.longest)),
    };
  }

  // search: every system answers every keystroke of the log in the same page.
  const page = await browser.newPage();
  await page.goto(`${BASE}/bench/blank.html`);
  await loadForklar(page);
  for (const f of ['minisearch/dist/umd/index.js', 'lunr/lunr.min.js', 'lunr-languages/min/lunr.stemmer.support.min.js', 'lunr-languages/min/lunr.da.min.js']) {
    await page.addScriptTag({ url: `/peers/${f}` });
  }
  for (const [name, setup] of Object.entries(SEARCHERS)) {
    results.search[name] = await page.evaluate(async ({ setup, queries, data }) => {
      window.BENCH_DATA = data;
      const engine = await (0, eval)(setup);
      const times = [];
      let top1 = 0;
      let top3 = 0;
      for (let rep = 0; rep < 5; rep++) {
        for (const [q, slug] of queries) {
          for (let i = 1; i <= q.length; i++) {
            const t0 = performance.now();
            const ids = engine.search(q.slice(0, i));
            times.push(performance.now() - t0);
            if (rep === 0 && i === q.length) {
              const rank = ids.indexOf(slug);
              if (rank === 0) top1++;
              if (rank >= 0 && rank < 3) top3++;
            }
          }
        }
      }
      times.sort((a, b) => a - b);
      const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
      return { buildMs: engine.build, keystrokes: times.length, p50Ms: at(0.5), p99Ms: at(0.99), top1: top1 / queries.length, top3: top3 / queries.length };
    }, { setup, queries: set.queries, data: `${url}/articles.json` });
    if (name !== 'Forklar') results.ready[name] = results.search[name].buildMs;
  }
  await page.close();
  return results;
}

function sizes(files) {
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const NM = join(ROOT, 'bench/node_modules');
const PEER_FILES = {
  'mark.js': ['mark.js/dist/mark.min.js'],
  findAndReplaceDOMText: ['findandreplacedomtext/src/findAndReplaceDOMText.js'],
  MiniSearch: ['minisearch/dist/umd/index.js'],
  FlexSearch: ['flexsearch/dist/flexsearch.bundle.module.min.mjs'],
  'Fuse.js': ['fuse.js/dist/fuse.min.mjs'],
  'Lunr + da': ['lunr/lunr.min.js', 'lunr-languages/min/lunr.stemmer.support.min.js', 'lunr-languages/min/lunr.da.min.js'],
};
// Each searcher is code evaluated in the page: it fetches the articles (window.BENCH_DATA),
// builds its index (timed as `build`) and answers queries with article ids.
const SEARCHERS = {
  Forklar: `(async () => ({ build: 0, search: (q) => window.forklar.search(q, { limit: 10 }).map((h) => h.slug) }))()`,
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

// The sets: the real one as built in dist/, and the synthetic one, built here.
const sets = [{ name: 'real', list: articles(), dist: '/dist', distDir: join(ROOT, 'dist'), queries: QUERIES }];
const SYNTHETIC = Number(process.env.FORKLAR_BENCH_SYNTHETIC ?? 1000);
if (SYNTHETIC > 0) {
  const synthetic = syntheticSet(SYNTHETIC);
  const distDir = join(OUT, `dist-${SYNTHETIC}`);
  console.log(`building the ${SYNTHETIC}-article bundle`);
  execFileSync('cargo', ['run', '--quiet', '--package', 'xtask', '--', 'dist', '--content', synthetic.dir, '--out', distDir],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  sets.push({ name: `synthetic-${SYNTHETIC}`, list: articles(synthetic.dir), dist: `/bench/dist-${SYNTHETIC}`, distDir, queries: synthetic.queries });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const all = {};
for (const set of sets) all[set.name] = await measureSet(browser, set);
await browser.close();

// Tables: Forklar's figure, each peer's, and Forklar / peer.
const f = (n) => (n === undefined ? '—' : n < 10 ? n.toFixed(2) : n.toFixed(0));
const pct = (n) => `${Math.round(n * 100)}%`;
function table(title, headers, rows) {
  console.log(`\n${title}`);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `  ${cells.map((c, i) => String(c)[i ? 'padStart' : 'padEnd'](widths[i])).join('  ')}`;
  console.log(line(headers));
  for (const r of rows) console.log(line(r));
}
const ratio = (a, b) => (b ? (a / b).toFixed(2) : '—');
for (const [setName, results] of Object.entries(all)) {
  console.log(`\n=== ${setName}: ${results.articles} articles`);
  table('transfer size (bytes; search libraries include articles.json)', ['system', 'raw', 'gzip', 'brotli', 'Forklar/this (brotli)'],
    Object.entries(results.size).map(([k, v]) => [k, v.raw, v.gzip, v.brotli, ratio(results.size.Forklar.brotli, v.brotli)]));
  table(`ready (Forklar: script -> ready; libraries: index build in the page), median of ${REPS}`, ['system', 'ms', 'Forklar/this'],
    Object.entries(results.ready).map(([k, v]) => [k, f(v), ratio(results.ready.Forklar, v)]));
  table(`marking a 1 MB page, median of ${REPS} (on screen: call -> marks near the viewport; all: call -> every mark, next frame)`,
    ['system', 'marks', 'on screen ms', 'all ms', 'longest task ms', 'Forklar/this (on screen)', 'Forklar/this (all)'],
    Object.entries(results.mark).map(([k, v]) => [k, v.marks, f(v.visibleMs), f(v.ms), f(v.longestTaskMs),
      ratio(results.mark.Forklar.visibleMs, v.visibleMs), ratio(results.mark.Forklar.ms, v.ms)]));
  table(`search over ${results.search.Forklar.keystrokes} keystrokes`, ['system', 'p50 ms', 'p99 ms', 'top-1', 'top-3', 'Forklar/this (p50)'],
    Object.entries(results.search).map(([k, v]) => [k, f(v.p50Ms), f(v.p99Ms), pct(v.top1), pct(v.top3), ratio(results.search.Forklar.p50Ms, v.p50Ms)]));
}

writeFileSync(join(OUT, 'results.json'), JSON.stringify(all, null, 2));
mkdirSync(join(ROOT, 'docs'), { recursive: true });
writeFileSync(join(ROOT, 'docs/bench.svg'), chart(all));
writeFileSync(join(ROOT, 'docs/bench.json'), JSON.stringify(all, null, 2));
console.log(`\nwritten: ${join(OUT, 'results.json')}, docs/bench.json, docs/bench.svg`);

// A bar chart per measure, drawn from the results (log scale, so 1 ms and 10 s both show).
function chart(all) {
  const panels = Object.entries(all).flatMap(([set, r]) => [
    [`${set}: marking 1 MB, marks on screen, ms (log scale; lower is better)`, Object.entries(r.mark).map(([k, v]) => [k, v.visibleMs])],
    [`${set}: marking 1 MB, every mark, ms`, Object.entries(r.mark).map(([k, v]) => [k, v.ms])],
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
