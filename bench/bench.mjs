// `cargo xtask bench`: figures for speed, in one headless Chromium, printed as tables.
//
// It measures Forklar against a plain-JavaScript reference in the same browser, so the ratios
// hold on a noisy machine where absolute times do not:
//
// 1. ready: from inserting the script tag to `forklar.ready` (compile + instantiate), in fresh
//    pages;
// 2. marking a generated 1 MB page of article text: Forklar's `annotate` against a reference
//    marker (one TreeWalker pass, one combined whole-word RegExp of the same surface forms,
//    splitText from the right) — call to the next frame, and the longest main-thread task;
// 3. search: every keystroke of a fixed query log (exact, prefix, inflected, misspelled and
//    legacy-spelled queries), p50 / p99 time, and top-1 / top-3 hits for the queries whose
//    answer is known.
//
// This is the start of issue 6's benchmark; the npm peers (mark.js, MiniSearch, …) and the
// large synthetic article sets are not in it yet.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

function articles() {
  return readdirSync(join(ROOT, 'content'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => {
      const text = readFileSync(join(ROOT, 'content', f), 'utf8');
      const [, front, body] = text.split(/^---$/m);
      const list = (key) => (front.match(new RegExp(`^${key}:\\s*\\[(.*)\\]\\s*$`, 'm'))?.[1] ?? '')
        .split(',').map((s) => s.trim()).filter(Boolean);
      const title = front.match(/^title:\s*(.+)$/m)[1].trim();
      return { slug: f.slice(0, -3), title, names: [title, ...list('aliases'), ...list('forms')], body };
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

// The reference marker: what plain JavaScript does with one combined regular expression.
function referenceMarker(forms) {
  const alternation = forms.sort((a, b) => b.length - a.length)
    .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  return `(() => {
    const re = new RegExp('(?<![\\\\p{L}\\\\p{N}])(?:' + ${JSON.stringify(alternation)} + ')(?![\\\\p{L}\\\\p{N}])', 'giu');
    const skip = 'script,style,code,pre,a,button,textarea,h1,h2,h3,h4,h5,h6';
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

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'];

mkdirSync(OUT, { recursive: true });
const list = articles();
writeFileSync(join(OUT, 'host-1m.html'), hostPage(list));
writeFileSync(join(OUT, 'blank.html'), '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>b</title><link rel="icon" href="data:,"></head><body><p>x</p></body></html>');
const forms = [...new Set(list.flatMap((a) => a.names.map((n) => n.toLowerCase())))];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const results = {};

// 1. ready
const ready = [];
for (let i = 0; i < REPS; i++) {
  const page = await browser.newPage();
  await page.goto(`${BASE}/bench/blank.html`);
  ready.push(await page.evaluate(async () => {
    const t0 = performance.now();
    const s = document.createElement('script');
    s.src = '/dist/forklar.js';
    s.dataset.auto = 'false';
    document.head.append(s);
    while (!window.forklar) await new Promise((r) => setTimeout(r, 0));
    await window.forklar.ready;
    return performance.now() - t0;
  }));
  await page.close();
}
results.ready = { medianMs: median(ready) };

// 2. marking, alternating Forklar and the reference
const mark = { forklar: [], reference: [] };
for (let i = 0; i < REPS; i++) {
  for (const who of i % 2 ? ['reference', 'forklar'] : ['forklar', 'reference']) {
    const page = await browser.newPage();
    await page.goto(`${BASE}/bench/host-1m.html`);
    if (who === 'forklar') {
      await page.addScriptTag({ url: '/dist/forklar.js' }).catch(() => {});
      await page.evaluate(async () => {
        while (!window.forklar) await new Promise((r) => setTimeout(r, 0));
        await window.forklar.ready;
        window.forklar.destroy();
      });
    }
    const run = who === 'forklar' ? 'window.forklar.annotate(document.body)' : referenceMarker(forms);
    mark[who].push(await page.evaluate(async (code) => {
      const long = [];
      const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); });
      po.observe({ type: 'longtask' });
      document.body.offsetHeight;
      const t0 = performance.now();
      const count = await (0, eval)(code);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const ms = performance.now() - t0;
      await new Promise((r) => setTimeout(r, 50));
      po.disconnect();
      return { ms, count, longest: Math.max(0, ...long) };
    }, run));
    await page.close();
  }
}
results.mark = Object.fromEntries(Object.entries(mark).map(([k, v]) => [k, {
  medianMs: median(v.map((x) => x.ms)), marks: v[0].count, longestTaskMs: median(v.map((x) => x.longest)),
}]));

// 3. search, keystroke by keystroke
const page = await browser.newPage();
await page.goto(`${BASE}/bench/blank.html`);
await page.addScriptTag({ url: '/dist/forklar.js' });
results.search = await page.evaluate(async (queries) => {
  await window.forklar.ready;
  const times = [];
  let top1 = 0;
  let top3 = 0;
  for (let rep = 0; rep < 5; rep++) {
    for (const [q, slug] of queries) {
      for (let i = 1; i <= q.length; i++) {
        const t0 = performance.now();
        const hits = window.forklar.search(q.slice(0, i), { limit: 10 });
        times.push(performance.now() - t0);
        if (rep === 0 && i === q.length) {
          const rank = hits.findIndex((h) => h.slug === slug);
          if (rank === 0) top1++;
          if (rank >= 0 && rank < 3) top3++;
        }
      }
    }
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { keystrokes: times.length, p50Ms: at(0.5), p99Ms: at(0.99), top1: top1 / queries.length, top3: top3 / queries.length };
}, QUERIES);
await browser.close();

const f = (n) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
console.log('\nready (script inserted -> forklar.ready), median of', REPS);
console.log(`  ${f(results.ready.medianMs)} ms`);
console.log('\nmarking a 1 MB page (call -> next frame), median of', REPS);
console.log('  system      marks   ms     longest task ms');
for (const [k, v] of Object.entries(results.mark)) console.log(`  ${k.padEnd(10)} ${String(v.marks).padStart(6)} ${f(v.medianMs).padStart(6)} ${f(v.longestTaskMs).padStart(8)}`);
console.log(`  ratio forklar / reference: ${(results.mark.forklar.medianMs / results.mark.reference.medianMs).toFixed(2)}`);
console.log(`\nsearch over ${results.search.keystrokes} keystrokes`);
console.log(`  p50 ${f(results.search.p50Ms)} ms, p99 ${f(results.search.p99Ms)} ms, top-1 ${(results.search.top1 * 100).toFixed(0)}%, top-3 ${(results.search.top3 * 100).toFixed(0)}%`);
writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nwritten: ${join(OUT, 'results.json')}`);
