// Forklar's loader. `cargo xtask dist` places this after the wasm-bindgen glue inside one
// function, so `wasm_bindgen` below is the glue's local and nothing leaks into the page but
// `window.forklar`.
//
// The Wasm file was requested by `fetch.js`, at the top of the bundle.

let wasm = null;

function core() {
  if (!wasm) throw new Error('forklar: not ready yet; await forklar.ready first');
  return wasm;
}

// The module hands records out as JSON text, one string per call (see src/json.rs); `undefined`
// stays `undefined`.
const parsed = (json) => (json === undefined ? undefined : JSON.parse(json));

const forklar = {};

// Options are data- attributes on the script tag (see `ownTag` in fetch.js), read as
// attributes: a name missing from `dataset` would be looked up on Object.prototype, where a
// page (or an attack on it) may have put one.
const attr = (name) => (tag ? tag.getAttribute(`data-${name}`) : null);
const count = (name, fallback) => (/^\d+$/.test(attr(name) || '') ? Number(attr(name)) : fallback);
const options = {
  root: attr('root') || null,
  exclude: attr('exclude') || null,
  firstOnly: attr('first-only') !== null && attr('first-only') !== 'false',
  maxMarks: count('max-marks', Infinity),
  // `false`: no automatic run; `load`: it waits for the page's load event (see `settled`).
  auto: attr('auto') !== 'false',
  afterLoad: attr('auto') === 'load',
  lang: attr('lang') === 'en' ? 'en' : 'da',
  hoverDelay: count('hover-delay', 400),
  articleUrl: attr('article-url') || null,
};

let annotator = null;
let cards = null;
// The elements marked so far, so that a reader who turns explanations back on gets them again.
const roots = new Set();

function currentCards() {
  if (!cards) {
    // Made before `ready` (see `prepare`): until then no article is known.
    cards = createCards({
      lookup: (slug) => (wasm ? parsed(wasm.lookup(slug)) : undefined),
      descriptionOf: (slug) => (wasm ? wasm.description(slug) : undefined),
      render: (slug) => (wasm ? wasm.render(slug) : undefined),
      loadBody,
      lang: options.lang,
      hoverDelay: options.hoverDelay,
      articleUrl: options.articleUrl,
      // A reader's opt-out takes the marks away and stops marking; the cards stay for what
      // the reader asks for themselves (the search box, a deep link).
      onOptOut: () => {
        if (annotator) annotator.destroy();
        annotator = null;
        dropMarkStyles();
      },
      onOptIn: () => remark(),
    });
  }
  return cards;
}

function currentAnnotator() {
  if (!annotator) {
    const slugs = core().slugs().split('\n');
    const { describe, closeFor } = currentCards();
    annotator = createAnnotator({
      scan: (text) => core().scan(text),
      slugs,
      exclude: options.exclude,
      firstOnly: options.firstOnly,
      maxMarks: options.maxMarks,
      describe,
      beforeRemove: closeFor,
    });
  }
  return annotator;
}

// A glossary built with `--chunk-bytes` keeps article bodies in chunk files named by content
// hash, next to this script. One is fetched the first time a body in it is wanted, once, and
// handed to the module, which refuses bytes that do not match the hash. Returns null when
// nothing needs fetching (the body is inline or already here, or the slug is unknown).
const chunks = new Map();
function loadBody(slug) {
  const name = core().missing_chunk(String(slug));
  if (!name) return null;
  if (!chunks.has(name)) {
    const url = new URL(name, scriptUrl());
    const loading = fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then((buffer) => core().add_chunk(new Uint8Array(buffer)))
      .catch((err) => {
        // Forget the failure, so that the next card tries again (the network may be back).
        chunks.delete(name);
        console.warn('forklar: could not load an article body:', err.message || err);
        throw err;
      });
    chunks.set(name, loading);
  }
  return chunks.get(name);
}

// Set by forklar.destroy(): the page is left alone until forklar.annotate() is called again.
let destroyed = false;
// Set when the module could not be loaded: nothing more is made for marks and cards.
let failed = false;

// `window.forklar` is claimed before anything starts, and filled in below. A page with a global
// of that name of its own (`var forklar`, `function forklar`) keeps it: the widget, which would
// have no API and could not tell a second copy of itself that it is there, does not start.
// (An element with id="forklar" is no such global: named access does not stop the claim.)
function claimGlobal() {
  try {
    Object.defineProperty(window, 'forklar', { value: forklar, configurable: true, enumerable: true, writable: false });
    return true;
  } catch (err) {
    console.error('forklar: the page has a global named forklar of its own, so the widget does not start');
    return false;
  }
}
const claimed = claimGlobal();
if (!claimed) destroyed = true;

// Opens the card of `slug` (next to `anchorEl`, a mark of the term, or the top of the viewport);
// false after destroy(), until the next annotate().
function openCard(slug, anchorEl, from) {
  return destroyed ? false : currentCards().openSlug(slug, anchorEl, from);
}

// `#forklar=slug` in the address opens that article's card: a shareable deep link.
function openFromHash() {
  const m = /^#forklar=([a-z0-9-]+)$/.exec(window.location.hash);
  if (m) openCard(m[1]);
}

// A link to the deep link the address already has changes nothing, so no `hashchange` comes:
// a reader who closed the card and follows the same link again gets it again.
function onSameHashClick(event) {
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || !/^#forklar=/.test(link.hash) || link.hash !== window.location.hash) return;
  if (link.href.split('#')[0] === window.location.href.split('#')[0]) openFromHash();
}

function followDeepLinks(on) {
  const method = on ? 'addEventListener' : 'removeEventListener';
  window[method]('hashchange', openFromHash);
  document[method]('click', onSameHashClick);
}

// `data-root` as a selector, until it proves not to be a valid one (said once).
let rootSelector = options.root;

function autoRoot() {
  if (!options.root) return document.body;
  if (!rootSelector) return null;
  try {
    return document.querySelector(rootSelector);
  } catch (err) {
    console.warn(`forklar: data-root is not a valid selector: ${options.root}`);
    rootSelector = null;
    return null;
  }
}

// What the first marks need from the page side is made while the module downloads and
// compiles, when the page's main thread is idle, rather than after `ready`, where it delays
// them: the reader's opt-out, whose first read opens the origin's storage; the marks' style
// sheet, whose adoption restyles the page; and the card, its shadow root and style sheet.
// (Made at the first `annotate()`, they took 8-10 ms of the 1,000-article benchmark's
// 35-50 ms to the marks on screen.) It runs in a task of its own, after this script, so that a
// module already at hand (a warm cache) starts compiling first. Everything in it is made
// lazily again where it is needed, so a browser where part of it fails (no constructable style
// sheets) loses nothing here: the failure is reported where it matters, if it does.
function prepare() {
  if (destroyed || failed) return;
  try {
    if (!optedOut()) {
      defineElement(MARK_TAG);
      adoptMarkStyles();
    }
    currentCards();
  } catch (err) {
    // see above
  }
}
setTimeout(prepare, 0);

// Resolves with `window.forklar` once the module is compiled and instantiated and the index
// read. Compilation is streamed when the server sends `application/wasm`.
const ready = wasm_bindgen({ module_or_path: wasmModule }).then(
  () => {
    // Read the index now, so that `ready` means usable and the first mark or keystroke does
    // not pay for it.
    wasm_bindgen.load();
    wasm = wasm_bindgen;
    // A page that called forklar.destroy() before this point asked for nothing to happen.
    if (destroyed) return forklar;
    if (options.auto) {
      autoAnnotate().then(openFromHash).catch(report);
      watchBody();
    } else {
      openFromHash();
    }
    followDeepLinks(true);
    return forklar;
  },
);

// Marking runs on its own, after `ready`: a failure there (none is expected) is reported, not
// left as an unhandled rejection.
function report(err) {
  console.error('forklar: marking failed:', err);
}

// Forgets the marked elements that have left the page, so that they are not kept in memory.
function pruneRoots() {
  for (const root of roots) if (!root.isConnected) roots.delete(root);
}

// Marks `root`, resolving to the number of marks made, unless the reader has turned
// explanations off: every way marking starts (the automatic run, `forklar.annotate`, a body
// swap, turning explanations back on) goes through here, so none can forget the opt-out. (A
// body swap once did: Turbo carries permanent elements into the new body still marked as
// roots.)
function markIn(root) {
  return optedOut() ? Promise.resolve(0) : currentAnnotator().annotate(root);
}

// Marks again every element marked before that is still in the page.
function remark() {
  pruneRoots();
  for (const root of roots) markIn(root).catch(report);
}

// Whether the automatic run has started (and destroy() has not stopped it since).
let autoStarted = false;
// The automatic run's wait for the document and for the page to settle (see `autoAnnotate`),
// which `forklar.idle()` waits for too.
let settling = null;
// The automatic runs started so far (see `autoAnnotate`).
let autoRuns = 0;

// The element `data-root` found for the automatic run, or null while there is none.
let autoRootEl = null;
// Follows `data-root` once the automatic run has looked for it (see `followRoot`).
let rootFollower = null;

// Signs of a page that a framework rendered on the server and hydrates in the browser: Next.js,
// Gatsby, Nuxt, Vue's server renderer, React's legacy root attribute, SvelteKit, Angular,
// Solid, Astro's islands. Hydration compares the page's HTML with what the framework renders
// itself, and a mark there is a mismatch: React then throws the server's HTML away and renders
// the whole page again, logging errors, and Vue and Svelte warn or patch the text back.
const HYDRATES = [
  '#__next', 'script#__NEXT_DATA__', 'script[src*="/_next/"]', '#___gatsby', '#__nuxt',
  '[data-server-rendered]', '[data-reactroot]', '[data-sveltekit-preload-data]',
  '[data-sveltekit-hydrate]', '[ng-server-context]', '[ng-version]', '[data-hk]', 'astro-island',
].join(',');

// Resolves once the page has loaded (every script it loads has run, a framework's bundle with
// them) and the main thread has been idle for a moment (a framework that hydrates in slices,
// as React does, has finished). An idle callback waits for tasks already queued; its timeout
// keeps a page that is never idle from waiting forever, and LOAD_WAIT_MS one whose load event
// is held up by a stalled image, frame or advert: its scripts have run by then as a rule.
const LOAD_WAIT_MS = 5000;
function settled() {
  return new Promise((resolve) => {
    let waiting = true;
    const idle = () => {
      if (!waiting) return;
      waiting = false;
      window.removeEventListener('load', idle);
      if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => resolve(), { timeout: 2000 });
      else setTimeout(resolve, 50);
    };
    if (document.readyState === 'complete') idle();
    else {
      window.addEventListener('load', idle, { once: true });
      setTimeout(idle, LOAD_WAIT_MS);
    }
  });
}

// The automatic run: marks the page (or `data-root`) and keeps watching it. A script that runs
// while the page is still being parsed (`async`, or a plain script in the body) waits for the
// document: the root may not be there yet, nor the signs of hydration further down. On a page
// that hydrates (`HYDRATES`), or with `data-auto="load"`, it then waits for the page to settle,
// so that the framework finds its own HTML.
async function autoAnnotate() {
  autoStarted = true;
  // A body swapped in during the wait starts a newer run, which alone marks: the page it
  // waited for is gone.
  const run = ++autoRuns;
  const wait = (async () => {
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    if (options.afterLoad || document.querySelector(HYDRATES) !== null) await settled();
  })();
  settling = wait;
  await wait;
  if (settling === wait) settling = null;
  if (run !== autoRuns || destroyed || !autoStarted) return;
  const root = autoRoot();
  autoRootEl = root;
  followRoot();
  if (!root) return;
  roots.add(root);
  await markIn(root);
}

// A client-rendered app puts its root element into the page after the script has run, and a
// router that swaps pages (Swup, Barba) replaces it with a new element: `data-root` is followed,
// so that the element it matches is marked whenever it appears. Cheaply: while the root is in
// the page, only changes to the children of its ancestors (where it would be replaced or moved)
// are looked at, not the marks made inside it nor the page's changes elsewhere; only while
// there is none is every change in the document a reason to look for it (one `querySelector`
// for each batch of changes). A body swap starts the automatic run again, which looks for the
// root in the new body itself and follows it from there.
function followRoot() {
  if (!rootSelector || destroyed || !autoStarted) return;
  if (!rootFollower) rootFollower = new MutationObserver(onRootChange);
  rootFollower.disconnect();
  if (autoRootEl && autoRootEl.isConnected) {
    for (let el = autoRootEl.parentNode; el; el = el.parentNode) rootFollower.observe(el, { childList: true });
  } else {
    rootFollower.observe(document, { childList: true, subtree: true });
  }
}

function onRootChange() {
  // A run that is waiting (for the document, for a hydrating page to settle) looks itself.
  if (destroyed || !autoStarted || settling) return;
  const now = autoRoot();
  if (now && now !== autoRootEl) {
    const old = autoRootEl;
    autoRootEl = now;
    if (old) {
      // As for a body swap, the marker of the old root goes with it, so that its marks count no
      // more against `data-first-only` and `data-max-marks`; what else was marked is marked again.
      roots.delete(old);
      if (annotator) annotator.destroy();
      annotator = null;
      remark();
    }
    roots.add(now);
    markIn(now).catch(report);
  }
  followRoot();
}

// Pages that swap in a new <body> to navigate (Turbo, pjax) leave the old one, and the marker
// watching it, behind: the marker of the old page is dropped with it (so its marks count no
// more against `data-first-only` and `data-max-marks`, nor hold the old page in memory) and the
// automatic run starts again on the new one.
function watchBody() {
  let body = document.body;
  new MutationObserver(() => {
    const now = document.body;
    if (!now || now === body) return;
    // A page still being parsed gets its first body: the automatic run waits for it already.
    const swapped = body !== null;
    body = now;
    if (!swapped || destroyed || !autoStarted) return;
    if (annotator) annotator.destroy();
    annotator = null;
    remark();
    autoAnnotate().catch(report);
  }).observe(document.documentElement, { childList: true });
}

// One clear line when the widget cannot start; the host page carries on untouched. The
// rejection still reaches whoever awaits `forklar.ready`.
ready.catch((err) => {
  failed = true;
  console.error('forklar: could not start:', err);
  // What `prepare` made for marks and cards that will not come goes again.
  dropMarkStyles();
  if (cards) cards.destroy();
  cards = null;
});

Object.assign(forklar, {
  /** A Promise that resolves when the widget can be used. */
  ready,
  /** Metadata of every article: `{ slug, title, description, keywords }[]`, sorted by slug. */
  articles: () => parsed(core().articles()),
  /** The article known by this slug, title, alias or form, or `undefined`. */
  lookup: (slugOrTerm) => parsed(core().lookup(String(slugOrTerm))),
  /**
   * An article body as sanitised HTML, or `undefined` for an unknown slug or a body that must
   * still be fetched (see `body`).
   */
  render: (slug) => core().render(String(slug)),
  /**
   * Resolves to an article body as sanitised HTML (fetching its chunk file first when the
   * glossary was built with `--chunk-bytes`), or `undefined` for an unknown slug.
   */
  body: async (slug) => {
    await ready;
    await loadBody(slug);
    return core().render(String(slug));
  },
  /** The widget's version. */
  version: () => core().version(),
  /** Bytes of Wasm memory the widget holds, for bug reports and the benchmark. */
  memory: () => core().memory_bytes(),
  /**
   * Marks glossary terms in `element` (and keeps marking what is added to it later). Resolves
   * to the number of marks made.
   */
  annotate: async (element) => {
    await ready;
    if (!(element instanceof Element)) throw new TypeError('forklar.annotate needs an element');
    // Marks in a shadow root would be tab stops that open nothing: the widget listens for the
    // reader and styles its marks in the document, and a mark's description is there too.
    if (element.getRootNode() instanceof ShadowRoot) {
      throw new TypeError('forklar.annotate needs an element outside shadow roots (mark the light DOM a component slots)');
    }
    destroyed = false;
    followDeepLinks(true);
    pruneRoots();
    roots.add(element);
    // A reader who turned explanations off gets none, whoever asks (until they turn them on).
    return markIn(element);
  },
  /** Resolves when all pending marking work (the first pass, added content) is done. */
  idle: async () => {
    await ready;
    // The automatic run may still be waiting for the page to settle; then it starts marking.
    while (settling) await settling.then(() => new Promise((r) => setTimeout(r, 0)));
    if (annotator) await annotator.idle();
  },
  /**
   * Removes every mark and the card, restoring the page's text nodes as they were, and stops
   * watching the page.
   */
  destroy: () => {
    // The card first: open, it sits between its mark and the text after it, where it would
    // keep the marks' text from being merged back into one node.
    if (cards) cards.destroy();
    if (annotator) annotator.destroy();
    dropMarkStyles(); // adopted by `prepare` when no annotator was made yet
    annotator = null;
    cards = null;
    roots.clear();
    autoStarted = false;
    destroyed = true;
    if (rootFollower) rootFollower.disconnect();
    autoRootEl = null;
    followDeepLinks(false);
  },
  /**
   * Searches the glossary: up to `limit` (default 10, at most 100) hits `{ slug, title,
   * description, score, snippet, highlights }`, best first.
   */
  search: (query, options) => {
    // `null` or a number as the options, as a caller might pass, means the default.
    const limit = options != null && typeof options === 'object' && options.limit !== undefined ? options.limit : 10;
    const n = Math.max(0, Math.min(100, Math.floor(Number(limit)) || 0));
    return parsed(core().search(String(query), n));
  },
  /**
   * Opens the card of an article (next to its first mark, or at the top of the viewport).
   * Does nothing after `destroy()` (which a reader's opt-out calls) until `annotate()`.
   */
  open: async (slug) => {
    await ready;
    return openCard(String(slug));
  },
});

// <forklar-search> works as soon as it is in the page; it waits for `ready` itself.
if (claimed) defineSearchElement(
  {
    ready,
    search: (q, o) => forklar.search(q, o),
    articles: () => forklar.articles(),
    openCard,
    closeCard: (root) => {
      if (cards) cards.closeIn(root);
    },
  },
  options.lang,
);

Object.freeze(forklar);
