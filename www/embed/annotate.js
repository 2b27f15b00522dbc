// Page annotation: finds glossary terms in the page text and wraps each in a focusable
// <forklar-term> element. `cargo xtask dist` places this file inside the bundle's wrapping
// function, before loader.js, which creates the annotator.
//
// Cost model (see ../shared notes and the README): scanning is cheap and done in Wasm; DOM
// writes and the relayout they cause are what cost. So text is gathered with one TreeWalker,
// handed to Wasm in batches of about 16,000 characters (one call per batch, offsets back as a
// Uint32Array), every batch's writes are done together, a node's text is cut into its pieces
// in one pass (slices of the original, inserted as one fragment), no Range objects are kept,
// and the work yields to the page between batches so that no task runs long.

const MARK_TAG = 'forklar-term';

// Elements whose text is never marked: code and form controls, links, buttons and other
// controls (a mark's click would fight theirs: a term in a <summary> would stop its <details>
// from opening), editable areas, headings, text hidden from assistive technology (a focusable
// mark there would be a tab stop a screen reader cannot name), text the page says it is still
// writing (`aria-busy`: an answer streamed in by `data +=` would lose the text cut into marks,
// see SOFT_SKIPS), live regions (`<output>` is one by default, see SKIP_ROLES), text in
// another language (see `otherLanguage`), explicit opt-outs, and the widget's own elements.
const SKIP_TAGS = [
  'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option',
  'code', 'pre', 'kbd', 'samp', 'var', 'a', 'button', 'label', 'summary', 'svg', 'math',
  'iframe', 'object', 'canvas', 'video', 'audio', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'output',
  MARK_TAG, 'forklar-card', 'forklar-search',
];
const SKIP_TAG_SET = new Set(SKIP_TAGS);
// Skips that leave existing marks alone when they come (see `softObserver` in the annotator).
// Dialog libraries set `aria-hidden` on the whole page behind every dialog they open, and
// Turbo sets `aria-busy` on `<html>` during every visit: unmarking the page and marking it again
// each time would lay all of it out twice.
const SOFT_SKIPS = ['aria-hidden', 'aria-busy'];
// Roles that make an element a control, a field, an image or a heading, whatever its tag: a
// mark's click would take the control's (a `menuitemcheckbox` toggled and the card opened at
// once), and ARIA makes the children of most of them presentational (`img`, `slider`), so a
// focusable mark there is a nested control that assistive technology cannot reach.
const SKIP_ROLES = new Set([
  'button', 'link', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'switch',
  'checkbox', 'radio', 'treeitem', 'slider', 'spinbutton', 'scrollbar', 'textbox', 'searchbox',
  'combobox', 'img', 'meter', 'progressbar', 'separator', 'heading', 'tooltip', 'math',
  // Live regions, as are elements with `aria-live` polite or assertive: a screen reader
  // announces what the page writes there, and cutting that text into marks right after the
  // page wrote it is a second change, announced again.
  'alert', 'log', 'status', 'marquee', 'timer',
]);
// A role attribute may list fallbacks ("switch checkbox"), in any case; any skipped one skips
// the element.
const hasSkipRole = (role) => role.toLowerCase().split(/\s+/).some((token) => SKIP_ROLES.has(token));
// `aria-live="off"` and values ARIA does not know (which it takes for "off") are no live region.
const LIVE = /^(polite|assertive)$/i;
// An element whose own `lang` names another language than Danish ("en", "en-GB", "sv"); an
// empty `lang` names none. The articles' forms are Danish, and English "bank", "budget" or
// "inflation" are other words. `<html>` is not asked: many Danish sites carry `lang="en"` there
// from their template, and that alone would leave the whole page unmarked.
function otherLanguage(el) {
  const lang = el.getAttribute('lang');
  return lang !== null && lang !== '' && el.localName !== 'html'
    && lang.split('-')[0].toLowerCase() !== 'da';
}
const SKIP_SELECTOR = [
  ...SKIP_TAGS, ...[...SKIP_ROLES].map((role) => `[role~="${role}" i]`),
  '[contenteditable]:not([contenteditable="false"])', '[aria-hidden="true"]', '[aria-busy="true"]',
  '[aria-live="polite" i]', '[aria-live="assertive" i]',
  '[lang]:not(html):not([lang=""]):not([lang|="da" i])',
  '[data-forklar-skip]',
].join(',');

// Whether `el` itself is skipped (`el.matches(SKIP_SELECTOR)`), without a selector: matching a
// list of 40 selectors per element was most of the walk's time on a 1 MB page.
function skipsItself(el) {
  if (SKIP_TAG_SET.has(el.localName) || el.hasAttribute('data-forklar-skip')) return true;
  const role = el.getAttribute('role');
  if (role !== null && hasSkipRole(role)) return true;
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable !== 'false') return true;
  const live = el.getAttribute('aria-live');
  if (live !== null && LIVE.test(live)) return true;
  if (otherLanguage(el)) return true;
  return el.getAttribute('aria-hidden') === 'true' || el.getAttribute('aria-busy') === 'true';
}

// Whether a light-DOM node that a shadow root slots is shown inside an element whose text is
// left alone (a custom element's `<a><slot></slot></a>`): for the reader it is in that link.
function slottedSkip(node) {
  let el = node.assignedSlot;
  for (let steps = 0; el && steps < 64; steps++) {
    if (skipsItself(el)) return true;
    if (el.assignedSlot) el = el.assignedSlot;
    else el = el.parentElement;
  }
  return false;
}

// Text directly inside a flex or grid container is one anonymous item of it. Cut into pieces
// and marks, each piece would become an item of its own, and the spaces at their edges would
// be dropped ("Køb aktier nu" shown as "Købaktiernu"), so such text is left unmarked.
function itemizes(el) {
  for (let steps = 0; el && steps < 8; steps++) {
    const display = getComputedStyle(el).display;
    if (display !== 'contents') return /flex|grid|box/.test(display);
    el = el.parentElement;
  }
  return false;
}

// Elements that do not break a line of text: where one ends and the next text begins, the
// word goes on ("<b>bank</b>ens", "aktie<wbr>kursen").
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins',
  'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
  'wbr', MARK_TAG,
]);
const STARTS_WORD = /^[\p{L}\p{N}]/u;
const ENDS_WORD = /[\p{L}\p{N}]$/u;

// The text before (`forward` false) or after `node` in reading order, when only the edges of
// inline elements, empty inline elements (<wbr>) and comments lie between them, so that the
// two read as one run of words; null when something that breaks the text comes first.
function adjacentText(node, forward) {
  let n = node;
  for (let steps = 0; steps < 32; steps++) {
    const next = forward ? n.nextSibling : n.previousSibling;
    if (!next) {
      n = n.parentNode;
      if (!n || n.nodeType !== Node.ELEMENT_NODE || !INLINE_TAGS.has(n.localName)) return null;
      continue;
    }
    n = next;
    while (n.nodeType === Node.ELEMENT_NODE && INLINE_TAGS.has(n.localName) && n.firstChild) {
      n = forward ? n.firstChild : n.lastChild;
    }
    if (n.nodeType === Node.TEXT_NODE) {
      if (n.data !== '') return n;
    } else if (n.nodeType !== Node.COMMENT_NODE && !(n.nodeType === Node.ELEMENT_NODE && INLINE_TAGS.has(n.localName))) {
      return null;
    }
  }
  return null;
}

// Whether the word at the start (or end) of `node`'s text goes on in the text before (after)
// it: a term there is only part of a word and must not be marked.
function wordGoesOn(node, forward) {
  const other = adjacentText(node, forward);
  return other !== null && (forward ? STARTS_WORD : ENDS_WORD).test(other.data);
}

const BATCH_CHARS = 16000;
// At most this much text is marked as near the screen before the first paint.
const NEAR_CHARS = 4 * BATCH_CHARS;
const SLICE_MS = 12;
// A frame of marking aims to cost the page no more than this, or FLOOR_SHARE times its cheapest
// frame where that is more (see `drain`).
const FRAME_MS = 40;
const FLOOR_SHARE = 1.25;

// The mark's look: a dotted underline in the text colour, nothing that changes layout (no
// padding, border, margin or font change). Sites theme it with the custom properties. The focus
// ring is in the text colour too, which the page has made readable on its background: the
// system colour Highlight it was before is a light blue that a dark page's background left at
// 1.8:1.
//
// A mark is a `role="button"` with a tabindex, and sites style those: Pico CSS's
// `[role=button]` made every mark a blue pill with padding and a border, and `user-select:
// none` left the terms out of copied text. So the selector outweighs a page's (two ID-weight
// `:not()`s, which match every mark), and the properties such rules set are pinned to the text
// around the mark.
const MARK = `${MARK_TAG}[data-forklar-term]:not(#\\#):not(#\\#)`;
const MARK_CSS = `
${MARK} {
  display: inline;
  position: static;
  float: none;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: 0;
  box-shadow: none;
  outline: none;
  background: none;
  color: inherit;
  opacity: 1;
  font: inherit;
  letter-spacing: inherit;
  word-spacing: inherit;
  text-transform: inherit;
  text-shadow: inherit;
  white-space: inherit;
  vertical-align: baseline;
  transform: none;
  transition: none;
  filter: none;
  appearance: none;
  -webkit-user-select: auto;
  user-select: auto;
  text-decoration-line: underline;
  text-decoration-style: var(--forklar-underline-style, dotted);
  text-decoration-color: var(--forklar-underline-color, currentColor);
  text-decoration-thickness: var(--forklar-underline-thickness, from-font);
  text-underline-offset: var(--forklar-underline-offset, 0.15em);
  cursor: help;
}
${MARK}:hover { text-decoration-color: var(--forklar-underline-hover-color, currentColor); }
${MARK}:focus-visible {
  outline: var(--forklar-focus-outline, 2px solid currentColor);
  outline-offset: 1px;
  border-radius: 2px;
}
@media print { ${MARK} { text-decoration: none; cursor: auto; } }`;

// The widget's elements are registered as (empty) custom elements, so that a page rule for
// undefined ones, such as ":not(:defined) { visibility: hidden }" for web components that
// have not loaded yet, does not hide the marked words or the card.
function defineElement(tag) {
  try {
    if (window.customElements && !window.customElements.get(tag)) {
      window.customElements.define(tag, class extends HTMLElement {});
    }
  } catch (err) {
    // a registry the page replaced: the elements work undefined as well
  }
}

// The marks' style sheet, made once. It is adopted ahead of the first marks, while the module
// downloads (see `prepare` in loader.js): adopting a sheet makes the browser restyle the page,
// and done at the first `annotate()` that restyle fell on the way to the marks on screen (3 ms
// of them on the benchmark's 1 MB page).
let markSheet; // undefined until made; null where constructable style sheets are missing

function adoptMarkStyles() {
  if (markSheet === undefined) {
    try {
      markSheet = new CSSStyleSheet();
      markSheet.replaceSync(MARK_CSS);
    } catch (err) {
      markSheet = null; // no constructable stylesheets: marks work, unstyled
    }
  }
  try {
    if (markSheet && !document.adoptedStyleSheets.includes(markSheet)) {
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, markSheet];
    }
  } catch (err) {
    // a page that replaced adoptedStyleSheets with something else: marks work, unstyled
  }
}

function dropMarkStyles() {
  try {
    if (markSheet && document.adoptedStyleSheets.includes(markSheet)) {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== markSheet);
    }
  } catch (err) {
    // see adoptMarkStyles
  }
}

// Resolves after the browser had a chance to run other tasks (input, rendering).
function nextTask() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') {
    return globalThis.scheduler.yield();
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

// Resolves after the next frame has been rendered, with the time the browser spent on it: from
// its animation callbacks until the next task could run, which covers style, layout and paint.
// Resolves with null in a hidden tab, which renders no frames.
function nextFrame() {
  if (document.visibilityState === 'hidden') return nextTask().then(() => null);
  return new Promise((resolve) => {
    // A page can stop rendering at any time (hidden between the check and the request).
    const timer = setTimeout(() => resolve(null), 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      const start = performance.now();
      setTimeout(() => resolve(performance.now() - start), 0);
    });
  });
}

const HAS_TEXT = /\S/;

// Moves `walk` past the subtree of its current node: to the next sibling, or to the next
// sibling of the nearest ancestor (inside the walk's root) that has one. Returns that node.
function pastSubtree(walk) {
  for (;;) {
    const sibling = walk.nextSibling();
    if (sibling) return sibling;
    if (!walk.parentNode()) return null;
  }
}

// Where marking starts: the first node of `root`, in document order, that may lie on screen or
// within a quarter screen above it. It is found by binary search over an element's children,
// descending into the child that straddles that line, so it takes a few measurements per
// level instead of a walk over the page. Returns `[node, inclusive]`: start at `node` itself,
// or just past its subtree. Document order follows the page down on nearly every page; where
// it does not (fixed or hidden parts), a node is merely marked a little later.
function firstNear(root, top) {
  let el = root;
  for (;;) {
    const kids = el.children;
    let lo = 0;
    let hi = kids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kids[mid].getBoundingClientRect().bottom < top) lo = mid + 1;
      else hi = mid;
    }
    const kid = kids[lo];
    if (kid && kid.firstElementChild && kid.getBoundingClientRect().top < top) {
      el = kid;
      continue;
    }
    // Just past the last child that ends above the line, so that text between it and the
    // next child is included; or `el` itself when no child ends above it.
    return lo > 0 ? [kids[lo - 1], false] : [el, true];
  }
}

// `describe(slug)` (optional) returns the id of an element describing the term, for the
// marks' aria-describedby; `beforeRemove(marks)` (optional) is told of marks about to be taken
// out of the page, so that a card standing by one of them can close first, and of elements the
// page has taken out (marks among them, or holding them), so that it closes then.
function createAnnotator({ scan, slugs, exclude, firstOnly, maxMarks, describe, beforeRemove }) {
  defineElement(MARK_TAG);
  let skip = SKIP_SELECTOR;
  let excludeSelector = null;
  if (exclude) {
    try {
      document.createDocumentFragment().querySelector(exclude);
      skip += ',' + exclude;
      excludeSelector = exclude;
    } catch (err) {
      console.warn(`forklar: data-exclude is not a valid selector and is ignored: ${exclude}`);
    }
  }

  const seen = new WeakSet(); // text nodes already scanned
  // Text nodes that marks were cut from, in the order they were cut, each with its group:
  // `{ node, kept, items, place }`, the text the node kept (the text before its first mark), the
  // marks and pieces inserted after it, in order, and the element they were inserted into.
  // `groupOf` finds the group of an item.
  const split = new Map();
  const groupOf = new WeakMap();
  const pieces = new Set(); // text nodes made by cutting, merged back by destroy()
  const marks = new Set();
  const itemizing = new WeakMap(); // element -> whether its own text is a flex or grid item
  // Set when the page removed nodes: marks that left the page are then forgotten before the
  // next marking, so they count no more against `firstOnly` and `maxMarks`, nor hold memory.
  let pruneDue = false;
  const counts = new Map(); // slug -> marks made
  const queue = []; // nodes waiting to be annotated (from annotate() or the observer)
  let total = 0;
  let alive = true;
  let closing = false; // set by destroy(), see `schedule`
  let running = null; // the Promise of the current drain, or null
  let frameChars = 2 * BATCH_CHARS; // text to mark before the next frame (see `drain`)
  let cheapest = Infinity; // the cheapest frame measured, ms: this page's cost of any change
  adoptMarkStyles();

  const observer = new MutationObserver((records) => onMutations(records));
  // The attributes that can make an element one whose text is left alone. A page that turns a
  // marked paragraph into an editor (contenteditable) gets its marks removed, so that they are
  // neither edited nor saved with the text; when it turns it back, the text is marked again.
  // A `lang` set later (a part switched to English) is followed the same way. Not
  // `aria-hidden` nor `aria-busy` (SOFT_SKIPS), which remove no marks, nor `aria-live`: taking
  // the marks out of a region that has just become live would be a change it announces.
  const OBSERVE = {
    childList: true, characterData: true, characterDataOldValue: true, subtree: true,
    attributes: true, attributeFilter: ['contenteditable', 'data-forklar-skip', 'role', 'lang'],
  };
  // Set when such an attribute changed after the text being marked was collected: the run's
  // remaining text nodes are then checked again before they are written to.
  let skipsChanged = false;
  // `aria-hidden` and `aria-busy` are watched on the whole document, by an observer of their
  // own, for the moment they go: text they kept from being marked (a page behind a consent
  // dialog that hides the app, an answer that was streaming in, a body swapped in while Turbo
  // holds `<html aria-busy>`) is marked then. They are often set on an ancestor of the element
  // being marked, which the observer of that element does not see. When they come, marks stay.
  const softObserver = new MutationObserver((records) => onSoftSkips(records));
  const roots = new Set(); // the elements given to annotate(), for onSoftSkips
  const html = document.documentElement;
  if (html) softObserver.observe(html, { attributes: true, attributeFilter: SOFT_SKIPS, subtree: true });

  function isSkipped(node) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    if (!el || el.closest(skip) !== null) return true;
    for (let n = node; n; n = n.parentElement) if (n.assignedSlot && slottedSkip(n)) return true;
    return false;
  }

  // Whether the walk passes over `el` and its subtree.
  function skipped(el) {
    return skipsItself(el) || (excludeSelector !== null && el.matches(excludeSelector))
      || (el.assignedSlot !== null && slottedSkip(el));
  }

  // Whether a walk takes text node `node` to be marked: not scanned yet, not blank, and not
  // shown by a shadow root inside an element whose text is left alone.
  function fresh(node) {
    return !seen.has(node) && HAS_TEXT.test(node.data) && !(node.assignedSlot && slottedSkip(node));
  }

  // Whether a text node's own element lays it out as a flex or grid item (see `itemizes`).
  function itemized(node) {
    const parent = node.parentElement;
    if (!parent) return false;
    let answer = itemizing.get(parent);
    if (answer === undefined) itemizing.set(parent, (answer = itemizes(parent)));
    return answer;
  }

  // A mark that is gone: it no longer counts against `firstOnly` and `maxMarks`.
  function forget(mark) {
    if (!marks.delete(mark)) return;
    const slug = mark.getAttribute('data-forklar-term');
    counts.set(slug, Math.max(0, (counts.get(slug) || 0) - 1));
    total = Math.max(0, total - 1);
  }

  // A mark this annotator does not track: one the page detached and put back after `prune`
  // forgot it, or a copy the page made of marked content (a cached snapshot of the page put
  // back by Turbo). It is tracked again, so that destroy(), the opt-out and an element made
  // editable remove it like any other.
  function adopt(el) {
    if (marks.has(el) || !el.hasAttribute('data-forklar-term')) return;
    marks.add(el);
    const slug = el.getAttribute('data-forklar-term');
    counts.set(slug, (counts.get(slug) || 0) + 1);
    total++;
    el.setAttribute('aria-expanded', 'false');
    el.removeAttribute('aria-controls');
  }

  // Removes what was cut from `node` and inserted after it: the page replaced the node's text
  // (a framework updating it) or removed the node, and those pieces hold its old text.
  function dropCut(node) {
    const group = split.get(node);
    const cut = group ? group.items : [];
    split.delete(node);
    quietly(() => {
      if (beforeRemove) beforeRemove(cut.filter((n) => n.nodeType === Node.ELEMENT_NODE));
      for (const n of cut) {
        if (n.nodeType === Node.ELEMENT_NODE) forget(n);
        else pieces.delete(n);
        n.remove();
      }
    });
  }

  // Puts the group of a cut node back together: the node gets its whole text again (with what
  // the marks hold) and the marks and pieces after it go, and it is marked again later. For
  // when the page puts a node of its own right after the cut node, or moves or removes the
  // node: it takes the node for its whole text, so it inserts next to what it thinks follows
  // the node, which is the first mark (Preact and Vue insert before `textNode.nextSibling`),
  // and a node moved or removed would leave the text after its first mark behind. With the
  // group whole again, the page's node is where the page meant it. A node whose text the page
  // has set meanwhile (in the same batch of changes) keeps that text, and its old pieces go.
  function regroup(node) {
    const group = split.get(node);
    if (!group) return;
    if (node.data !== group.kept) {
      dropCut(node);
      return;
    }
    split.delete(node);
    // The items still where they were put; one the page took elsewhere is the page's now.
    const place = group.items.filter((n) => n.parentNode === group.place);
    quietly(() => {
      if (beforeRemove) beforeRemove(place.filter((n) => n.nodeType === Node.ELEMENT_NODE));
      let text = node.data;
      for (const n of place) {
        text += n.textContent;
        if (n.nodeType === Node.ELEMENT_NODE) {
          forget(n);
          for (const inner of n.childNodes) pieces.delete(inner);
        } else {
          pieces.delete(n);
        }
        n.remove();
      }
      node.data = text;
    });
    seen.delete(node);
    if (node.isConnected) queue.push(node);
  }

  // The page cut the text a cut node kept (`splitText`, a `Range` that inserts or wraps inside
  // it, as a highlighter such as mark.js does): the group now goes on from the page's text node
  // right before its first mark, which holds the end of that text, and is kept. Without a text
  // node there, the group stays with `node`, whose marks and pieces merge into the text before
  // them when they are unmarked.
  function handOver(node) {
    const group = split.get(node);
    const first = group.items[0];
    const before = first.parentNode === group.place ? first.previousSibling : null;
    if (!before || before === node || before.nodeType !== Node.TEXT_NODE || pieces.has(before)
      || split.has(before)) return;
    split.delete(node);
    group.node = before;
    group.kept = before.data;
    split.set(before, group);
    // That text had no mark in it (it came before the first): it is not scanned again, which
    // would cut it into a group of its own.
    seen.add(before);
  }

  // Forgets the roots that have left the page, and everything marked in them. A single-page app
  // that renders each route into a new element and calls `forklar.annotate()` on it takes the
  // old one out of an element the widget does not watch, so no removal is reported: the old
  // pages stayed in memory (observed, with their marks and pieces), and their marks counted
  // against `firstOnly` and `maxMarks` (no marks at all from the second route on). An observer
  // cannot stop watching one node, so it starts again on the roots left.
  function dropDetached() {
    const gone = [...roots].filter((root) => !root.isConnected);
    if (gone.length === 0) return;
    const pending = observer.takeRecords();
    if (pending.length) onMutations(pending);
    // A root that left the page may come back (a view a framework keeps alive, a tab panel):
    // its text is put back together first, so that it comes back as the page made it. Left
    // marked, it came back with marks nothing tracked, and the framework's next text write
    // showed the new sentence before the rest of the old one.
    for (const root of gone) {
      unmark(root);
      roots.delete(root);
    }
    observer.disconnect();
    for (const root of roots) observer.observe(root, OBSERVE);
    prune();
  }

  function prune() {
    pruneDue = false;
    for (const mark of marks) if (!mark.isConnected) forget(mark);
    for (const node of split.keys()) if (!node.isConnected) split.delete(node);
    for (const node of pieces) if (!node.isConnected) pieces.delete(node);
  }

  // The unmarked text nodes of `root` on screen or within a quarter screen of it, in document
  // order, up to `budget` characters: from `firstNear` on, until an element starts below
  // that band.
  function nearText(root, budget) {
    const top = -0.25 * window.innerHeight;
    const bottom = 1.25 * window.innerHeight;
    // A root wholly outside the band (a paragraph added far below) has no text near it: its
    // own text nodes would otherwise be taken without a look at where they are.
    const box = root.getBoundingClientRect();
    if (box.top > bottom || box.bottom < top) return [];
    const [at, inclusive] = firstNear(root, top);
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    // The walk starts inside `root`, so it cannot see whether an ancestor of its start is one
    // to pass over: look up once, and start past the outermost such ancestor.
    let blocked = null;
    for (let el = at === root ? null : at.parentElement; el && el !== root; el = el.parentElement) {
      if (skipped(el)) blocked = el;
    }
    walk.currentNode = blocked || at;
    let node;
    if (blocked || !inclusive) node = pastSubtree(walk);
    else node = at === root ? walk.nextNode() : at;
    const near = [];
    let chars = 0;
    while (node && chars < budget) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (skipped(node)) {
          if (node.localName === MARK_TAG) adopt(node);
          node = pastSubtree(walk);
          continue;
        }
        if (node.getBoundingClientRect().top > bottom) break;
      } else if (fresh(node)) {
        near.push(node);
        chars += node.data.length;
      }
      node = walk.nextNode();
    }
    return near;
  }

  // Runs DOM writes without the observer reporting them back to us: records that were already
  // pending are handled first, the ones the writes cause are dropped.
  function quietly(write) {
    const before = observer.takeRecords();
    if (before.length) onMutations(before);
    write();
    observer.takeRecords();
  }

  function allowed(slug) {
    if (total >= maxMarks) return false;
    return !(firstOnly && counts.get(slug));
  }

  function makeMark(slug) {
    const mark = document.createElement(MARK_TAG);
    mark.setAttribute('data-forklar-term', slug);
    mark.setAttribute('tabindex', '0');
    mark.setAttribute('role', 'button');
    mark.setAttribute('aria-expanded', 'false');
    if (describe) mark.setAttribute('aria-describedby', describe(slug));
    return mark;
  }

  // Scans one batch of text nodes in one Wasm call and wraps what it finds.
  function annotateBatch(nodes) {
    const starts = new Array(nodes.length);
    let at = 0;
    for (let i = 0; i < nodes.length; i++) {
      starts[i] = at;
      at += nodes[i].data.length + 1;
    }
    // NUL separates the nodes: it is a word boundary and in no term, so no match spans two
    // nodes. Terms split across elements ("sygepl<b>ejerske</b>") are therefore not marked, and
    // neither is a match at a node's edge where the word goes on in the next node's text
    // ("<b>bank</b>ens", "aktie<wbr>kursen"): the page shows one word there.
    const found = scan(nodes.map((n) => n.data).join('\u0000'));
    const perNode = new Map();
    let n = 0;
    for (let k = 0; k < found.length; k += 3) {
      const start = found[k];
      while (n + 1 < nodes.length && starts[n + 1] <= start) n++;
      const slug = slugs[found[k + 2]];
      const node = nodes[n];
      if (slug === undefined) continue;
      if (start === starts[n] && wordGoesOn(node, false)) continue;
      if (found[k + 1] - starts[n] === node.data.length && wordGoesOn(node, true)) continue;
      // All reads (styles) come before this batch's writes, so they cost one style update.
      if (itemized(node) || !allowed(slug)) continue;
      counts.set(slug, (counts.get(slug) || 0) + 1);
      total++;
      let list = perNode.get(n);
      if (!list) perNode.set(n, (list = []));
      list.push([start - starts[n], found[k + 1] - starts[n], slug]);
    }
    for (const node of nodes) seen.add(node);
    if (perNode.size === 0) return 0;
    let made = 0;
    // A node keeps the text before its first match; everything after it is built from slices
    // of the node's text in one pass and inserted together, and destroy() merges it back.
    // (Splitting the node once per match copied the rest of its text every time: a 174 KB text
    // node with 9,000 mentions took 2 s, and a 520 KB one crashed the tab.)
    quietly(() => {
      for (const [index, list] of perNode) {
        const node = nodes[index];
        const data = node.data;
        const after = document.createDocumentFragment();
        let keep = -1; // where the node's own text will end: the first match's start
        let at = 0; // the end of the last match wrapped
        for (const [start, end, slug] of list) {
          if (end > data.length || start < at) continue;
          if (keep < 0) keep = start;
          else if (start > at) after.appendChild(piece(data.slice(at, start)));
          const mark = makeMark(slug);
          mark.appendChild(piece(data.slice(start, end)));
          after.appendChild(mark);
          marks.add(mark);
          at = end;
          made++;
        }
        if (keep < 0) continue;
        if (at < data.length) after.appendChild(piece(data.slice(at)));
        const group = { node, kept: data.slice(0, keep), items: [...after.childNodes], place: node.parentNode };
        for (const item of group.items) groupOf.set(item, group);
        split.set(node, group);
        node.parentNode.insertBefore(after, node.nextSibling);
        node.deleteData(keep, data.length - keep);
      }
    });
    return made;
  }

  // A text node cut from one of the page's, for destroy() to merge back.
  function piece(text) {
    const node = document.createTextNode(text);
    pieces.add(node);
    seen.add(node);
    return node;
  }

  // Annotates everything in the queue, in slices of about SLICE_MS, yielding in between.
  //
  // For an element, the text on and near the screen (see `nearText`) is marked first and
  // painted, so what the reader sees is marked within a frame or two. Then the rest of the text
  // nodes are collected (one TreeWalker pass, no writes) and marked, below the screen first.
  // Marking only writes to nodes a walk has passed, so no walk is disturbed.
  //
  // Marking is paced by frames. What makes a long task on a big page is not the marking but
  // the layout the browser does after it, which grows with the text marked since the last
  // frame: a 1 MB page laid out after a few hundred kilobytes of marks takes 150 ms or more. So
  // after each slice of marks the annotator waits for the next frame, measures it, and sizes
  // the next slice so that a frame costs about FRAME_MS, and ends a slice early when its script
  // has run for SLICE_MS. On a page where the cheapest frame costs more than 32 ms (a 5 MB page
  // lays out for 35-60 ms after any change), it aims at a quarter more than the cheapest frame
  // instead. Every frame there is long whatever is done; what a reader feels is the longest
  // one, the wait a click or a key press may have. Aiming at twice the cheapest frame, as
  // before, finished in half the time but with frames of 280-400 ms on the 5 MB page, where a
  // quarter more keeps them to 140-175 ms.
  async function drain() {
    let made = 0;
    let sliceStart = performance.now();
    const breathe = async () => {
      if (performance.now() - sliceStart > SLICE_MS) {
        await nextTask();
        sliceStart = performance.now();
      }
    };
    const frame = async (slice) => {
      const cost = await nextFrame();
      sliceStart = performance.now();
      if (cost === null) return;
      cheapest = Math.min(cheapest, cost);
      const target = Math.max(FRAME_MS, FLOOR_SHARE * cheapest);
      // The part of a frame that grows with the marks is what it costs over the cheapest one.
      const scale = Math.min(2, Math.max(0.5, (target - cheapest) / Math.max(1, cost - cheapest)));
      if (slice) frameChars = Math.max(BATCH_CHARS, slice * scale);
    };
    // Marks `nodes` in batches of BATCH_CHARS; `paced`, with a frame after every slice.
    const markAll = async (nodes, paced) => {
      let batch = [];
      let chars = 0;
      let slice = 0;
      const flush = () => {
        // Records not yet delivered (an attribute set by the page in this very task) first.
        const pending = observer.takeRecords();
        if (pending.length) onMutations(pending);
        const check = skipsChanged;
        made += annotateBatch(batch.filter((n) => n.isConnected && !(check && isSkipped(n))));
        slice += chars;
        batch = [];
        chars = 0;
      };
      for (const node of nodes) {
        if (!alive) return;
        batch.push(node);
        chars += node.data.length;
        if (chars >= BATCH_CHARS) {
          flush();
          // A slice also ends after SLICE_MS of script. Going on after a yield instead put two
          // slices' scripts into one frame, since the next frame waits for its vsync: 63-82 ms
          // frames on the 1 MB page at 1,000 articles, none over 50 ms this way.
          if (paced && (slice >= frameChars || performance.now() - sliceStart > SLICE_MS)) {
            await frame(slice);
            slice = 0;
          } else {
            await breathe();
          }
        }
      }
      if (batch.length) flush();
      if (paced && slice) await frame(slice);
    };
    while (alive && queue.length) {
      dropDetached();
      if (pruneDue) prune();
      // Everything queued so far is taken together: a page that adds 300 paragraphs in one task
      // (a list rendered item by item, an infinite scroll) gets them marked in one pass with one
      // frame to paint, not a frame for each (that took 5 s). A node inside another one taken
      // is left to that one's walk.
      const taken = new Set();
      for (const node of queue.splice(0)) {
        if (node.isConnected && !isSkipped(node)) taken.add(node);
      }
      const inside = (node) => {
        for (let up = node.parentNode; up; up = up.parentNode) if (taken.has(up)) return true;
        return false;
      };
      const texts = [];
      const elements = [];
      for (const node of taken) {
        if (inside(node)) continue;
        if (node.nodeType !== Node.TEXT_NODE) elements.push(node);
        else if (!seen.has(node) && HAS_TEXT.test(node.data)) texts.push(node);
      }
      // First the text on screen, found without walking the page (see `firstNear`), marked
      // and painted, so what the reader sees is marked within a frame or two. Then one walk over
      // each root for the rest, which passes over what is marked already. Text nodes that
      // changed on their own are marked with it.
      // Text collected from here on reflects the page's attributes as they are now.
      skipsChanged = false;
      const near = texts;
      const starts = new Map(); // root -> its first text marked as near the screen
      let nearChars = 0;
      for (const root of elements) {
        if (nearChars >= NEAR_CHARS) break;
        const found = nearText(root, NEAR_CHARS - nearChars);
        if (found.length === 0) continue;
        starts.set(root, found[0]);
        for (const node of found) {
          near.push(node);
          nearChars += node.data.length;
        }
      }
      await markAll(near, false);
      if (near.length) {
        // Let the browser paint what the reader sees before the rest; `forklar:visible` then
        // marks the moment the marks on screen are painted (the benchmark reads it).
        await frame(0);
        if (typeof performance.mark === 'function') performance.mark('forklar:visible');
      }
      if (!alive) continue;
      // One walk per root, without a filter callback (which would call into JavaScript for
      // every node): a skipped element is passed over with its whole subtree. Where a walk
      // passes the first text marked above, the text below the screen begins.
      skipsChanged = false;
      const below = [];
      const above = [];
      let walked = 0;
      for (const root of elements) {
        if (!alive || !root.isConnected) continue;
        const start = starts.get(root);
        let into = start === undefined ? below : above;
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        let node = walk.nextNode();
        while (alive && node) {
          if (node.nodeType === Node.ELEMENT_NODE) {
            if (skipped(node)) {
              if (node.localName === MARK_TAG) adopt(node);
              node = pastSubtree(walk);
              continue;
            }
          } else if (node === start) {
            into = below;
          } else if (fresh(node)) {
            into.push(node);
            if ((++walked & 1023) === 0) await breathe();
          }
          node = walk.nextNode();
        }
      }
      // Below the screen first, where the reader is likely to go; then above it.
      await markAll(below.concat(above), true);
    }
    return made;
  }

  function schedule() {
    // destroy() handles the page's last changes without starting a run it would undo.
    if (closing) return running || Promise.resolve(0);
    if (!running) {
      running = drain().finally(() => {
        running = null;
        if (alive && queue.length) schedule();
      });
    }
    return running;
  }

  function onMutations(records) {
    if (!alive) return;
    let added = false;
    // Text nodes written in this batch: `normalize()` writes the text it merges into the node
    // before the merged ones, then removes them.
    let written = null;
    // The page cutting the text a cut node kept is found first: it inserts the new text node
    // (the first record) before it shortens the node, and that new node, right before the first
    // mark, is no node of the page's put inside the group (see `regroup`) but its text going on.
    const cuts = new Set();
    const handed = new Set();
    for (const record of records) {
      if (record.type !== 'characterData') continue;
      const node = record.target;
      if (handed.has(node) || (split.has(node) && cutByPage(record, records))) {
        cuts.add(record);
        handed.add(node);
        if (split.has(node)) handOver(node);
      }
    }
    for (const record of records) {
      if (record.type === 'attributes') {
        const el = record.target;
        if (el.localName === MARK_TAG || !el.isConnected) continue;
        if (isSkipped(el)) {
          skipsChanged = true;
          unmark(el);
        } else {
          queue.push(el);
          added = true;
        }
      } else if (record.type === 'characterData') {
        const node = record.target;
        if (node.parentElement && node.parentElement.localName === MARK_TAG) continue;
        // The page cut the node's own text in two (`splitText`, or a `Range` that inserts or
        // wraps something inside it, as a highlighter such as mark.js does): the rest of its
        // text is in the new node, and the pieces after it are still the page's text.
        if (cuts.has(record)) continue;
        if (split.has(node)) {
          // The page set new text on a node marks were cut from, as a framework does when it
          // re-renders: the node now holds all of its text, so the pieces after it go.
          dropCut(node);
        }
        seen.delete(node);
        queue.push(node);
        added = true;
      } else {
        for (const node of record.removedNodes) {
          pruneDue = true;
          if (beforeRemove && node.nodeType === Node.ELEMENT_NODE && !node.isConnected) beforeRemove([node]);
          if (node.nodeType !== Node.TEXT_NODE || !split.has(node)) continue;
          // A node marks were cut from, moved by the page (a keyed list reordered by React or
          // Vue) or removed (a framework taking its text away, or keeping it to put back later):
          // its marks and pieces would stay behind, so its group is put back together, and the
          // node holds its whole text wherever it goes. Not so when `normalize()` removed it:
          // the node was empty (its first match began its text), or its text was merged into
          // the text before it, and the pieces are the page's text.
          if (!node.isConnected) {
            const before = record.previousSibling;
            if (written === null) {
              written = new Set(records.filter((r) => r.type === 'characterData').map((r) => r.target));
            }
            const merged = before !== null && before.nodeType === Node.TEXT_NODE && written.has(before)
              && before.data.endsWith(node.data);
            if (node.data === '' || merged) {
              split.delete(node);
              continue;
            }
          }
          regroup(node);
          if (node.isConnected) added = true;
        }
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE && node.localName === MARK_TAG) {
            adopt(node);
            continue;
          }
          // A node of the page's put between a cut node and its first mark, any kind of node (Vue
          // inserts a comment as the anchor of what it shows later). One put further inside the
          // group comes from code that found the widget's own nodes there, such as a highlighter
          // that split a piece, and is where that code meant it.
          const next = node.isConnected ? node.nextSibling : null;
          const group = next && groupOf.get(next);
          if (group && group.items[0] === next && split.get(group.node) === group && node !== group.node
            && !pieces.has(node)) {
            regroup(group.node);
            added = true;
          }
          if (node.nodeType === Node.ELEMENT_NODE || node.nodeType === Node.TEXT_NODE) {
            queue.push(node);
            added = true;
            // The page may have moved text a run has collected into an editor or a link.
            skipsChanged = true;
          }
        }
      }
    }
    if (added) schedule();
  }

  // Whether a characterData `record` of a node marks were cut from is the page splitting the
  // node: its text got shorter from the end, and in the same batch a text node was inserted
  // right after it. A framework that sets new text inserts nothing there.
  function cutByPage(record, records) {
    const node = record.target;
    const old = record.oldValue;
    if (old === null || node.data.length >= old.length || !old.startsWith(node.data)) return false;
    return records.some((r) => r.type === 'childList' && r.previousSibling === node
      && [...r.addedNodes].some((n) => n.nodeType === Node.TEXT_NODE));
  }

  // Records of `aria-hidden` and `aria-busy` (see `softObserver`).
  function onSoftSkips(records) {
    if (!alive) return;
    let added = false;
    for (const record of records) {
      const el = record.target;
      if (el.getAttribute(record.attributeName) === 'true') {
        // Text collected before may now be hidden: it is checked again before it is written.
        skipsChanged = true;
        continue;
      }
      if (!el.isConnected || isSkipped(el)) continue;
      dropDetached();
      for (const root of roots) {
        if (el.contains(root)) {
          queue.push(root);
          added = true;
        } else if (root.contains(el)) {
          queue.push(el);
          added = true;
          break;
        }
      }
    }
    if (added) schedule();
  }

  // Unwraps the marks inside `within` (all of them when it is null) and merges the text they were
  // cut from back into the page's original nodes, which are then free to be scanned again. For
  // one element only its own subtree is looked at, so that a page setting attributes on many
  // elements does not pay for every mark on the page each time.
  function unmark(within) {
    let inMarks;
    let inSplit;
    let inPieces;
    if (within === null) {
      [inMarks, inSplit, inPieces] = [[...marks], [...split.keys()], [...pieces]];
    } else {
      inMarks = [...within.querySelectorAll(MARK_TAG)].filter((m) => marks.has(m));
      if (inMarks.length === 0) return;
      inSplit = [];
      inPieces = [];
      const walk = document.createTreeWalker(within, NodeFilter.SHOW_TEXT);
      for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        if (split.has(node)) inSplit.push(node);
        else if (pieces.has(node)) inPieces.push(node);
      }
    }
    quietly(() => {
      // An open card sits after its mark: closed first, it is not left in the text (inside an
      // editor's content) nor between the pieces merged below.
      if (beforeRemove) beforeRemove(inMarks);
      for (const mark of inMarks) {
        if (mark.parentNode) mark.replaceWith(...mark.childNodes);
        forget(mark);
      }
      // Each node that was cut gets its text back in one write, from the pieces that follow it
      // (appending them one by one would copy its growing text each time).
      for (const node of inSplit) {
        split.delete(node);
        seen.delete(node);
        let text = node.data;
        const merged = [];
        for (let next = node.nextSibling; next && pieces.has(next); next = next.nextSibling) {
          text += next.data;
          merged.push(next);
        }
        if (merged.length === 0) continue;
        node.data = text;
        for (const done of merged) {
          done.remove();
          pieces.delete(done);
        }
      }
      // Pieces the page moved away from their node join the text just before them, if any.
      for (const rest of inPieces) {
        if (!pieces.has(rest)) continue; // merged above
        pieces.delete(rest);
        seen.delete(rest);
        const prev = rest.previousSibling;
        if (rest.parentNode && prev && prev.nodeType === Node.TEXT_NODE) {
          prev.appendData(rest.data);
          rest.remove();
        }
      }
    });
  }

  return {
    /** Marks terms in `root` and keeps watching it; resolves to the number of marks made. */
    async annotate(root) {
      if (!alive) return 0;
      dropDetached();
      observer.observe(root, OBSERVE);
      roots.add(root);
      queue.push(root);
      let made = 0;
      // Wait for this root and for anything queued meanwhile.
      while (alive && (queue.length || running)) made += await schedule();
      return made;
    },
    /** Resolves when no annotation work is pending. */
    async idle() {
      while (alive && (queue.length || running)) await schedule();
    },
    /** Unwraps every mark and merges split text back, leaving the original text nodes. */
    destroy() {
      if (!alive) return;
      // Changes the page made in this very task come first: a framework that set new text on
      // a node marks were cut from must keep it, not get the old pieces merged back onto it.
      const pending = observer.takeRecords();
      closing = true;
      if (pending.length) onMutations(pending);
      alive = false;
      observer.disconnect();
      softObserver.disconnect();
      roots.clear();
      queue.length = 0;
      unmark(null);
      dropMarkStyles();
    },
  };
}
