// Page annotation: finds glossary terms in the page text and wraps each in a focusable
// <forklar-term> element. `cargo xtask dist` places this file inside the bundle's wrapping
// function, before loader.js, which creates the annotator.
//
// Cost model (see ../shared notes and the README): scanning is cheap and done in Wasm; DOM
// writes and the relayout they cause are what cost. So text is gathered with one TreeWalker,
// handed to Wasm in batches of about 16,000 characters (one call per batch, offsets back as a
// Uint32Array), every batch's writes are done together, text is split from right to left so
// earlier offsets stay valid, no Range objects are kept, and the work yields to the page
// between batches so that no task runs long.

const MARK_TAG = 'forklar-term';

// Elements whose text is never marked: code and form controls, links and buttons (a card
// inside a link would fight the link), editable areas, headings, explicit opt-outs, and the
// widget's own elements.
const SKIP_TAGS = [
  'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option',
  'code', 'pre', 'kbd', 'samp', 'var', 'a', 'button', 'label', 'svg', 'math', 'iframe',
  'object', 'canvas', 'video', 'audio', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', MARK_TAG,
  'forklar-card', 'forklar-search',
];
const SKIP_TAG_SET = new Set(SKIP_TAGS);
const SKIP_SELECTOR = [
  ...SKIP_TAGS, '[contenteditable]:not([contenteditable="false"])', '[data-forklar-skip]',
].join(',');

// Whether `el` itself is skipped (`el.matches(SKIP_SELECTOR)`), without a selector: matching a
// list of 30 selectors per element was most of the walk's time on a 1 MB page.
function skipsItself(el) {
  if (SKIP_TAG_SET.has(el.localName) || el.hasAttribute('data-forklar-skip')) return true;
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

const BATCH_CHARS = 16000;
const SLICE_MS = 12;

// The mark's look: a dotted underline in the text colour, nothing that changes layout (no
// padding, border, margin or font change). Sites theme it with the custom properties.
const MARK_CSS = `
${MARK_TAG} {
  display: inline;
  text-decoration-line: underline;
  text-decoration-style: var(--forklar-underline-style, dotted);
  text-decoration-color: var(--forklar-underline-color, currentColor);
  text-decoration-thickness: var(--forklar-underline-thickness, from-font);
  text-underline-offset: var(--forklar-underline-offset, 0.15em);
  cursor: help;
}
${MARK_TAG}:hover { text-decoration-color: var(--forklar-underline-hover-color, currentColor); }
${MARK_TAG}:focus-visible {
  outline: var(--forklar-focus-outline, 2px solid Highlight);
  outline-offset: 1px;
  border-radius: 2px;
}`;

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

// The text nodes (in document order) whose parents lie on screen or within a quarter screen of
// it, as a range `[from, to)`. Document order follows the page down
// on nearly every page, so two binary searches need about 2 log2(n) measurements instead of
// one per node. Where the order does not follow (fixed or hidden parts), a node is merely
// marked a little later: everything is marked in the end.
function nearViewport(nodes) {
  const top = -0.25 * window.innerHeight;
  const bottom = 1.25 * window.innerHeight;
  const rect = (i) => (nodes[i].parentElement || document.documentElement).getBoundingClientRect();
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rect(mid).bottom < top) lo = mid + 1;
    else hi = mid;
  }
  const from = lo;
  hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rect(mid).top <= bottom) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}

// `describe(slug)` (optional) returns the id of an element describing the term, for the
// marks' aria-describedby.
function createAnnotator({ scan, slugs, exclude, firstOnly, maxMarks, describe }) {
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
  const pieces = new Set(); // text nodes created by splitting, merged back by destroy()
  const marks = new Set();
  const counts = new Map(); // slug -> marks made
  const queue = []; // nodes waiting to be annotated (from annotate() or the observer)
  let total = 0;
  let alive = true;
  let running = null; // the Promise of the current drain, or null
  let sheet = null;

  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(MARK_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch (err) {
    sheet = null; // no constructable stylesheets: marks work, unstyled
  }

  const observer = new MutationObserver((records) => onMutations(records));

  function isSkipped(node) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return !el || el.closest(skip) !== null;
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
    // nodes. Terms split across elements ("sygepl<b>ejerske</b>") are therefore not marked.
    const found = scan(nodes.map((n) => n.data).join('\u0000'));
    const perNode = new Map();
    let n = 0;
    for (let k = 0; k < found.length; k += 3) {
      const start = found[k];
      while (n + 1 < nodes.length && starts[n + 1] <= start) n++;
      const slug = slugs[found[k + 2]];
      if (slug === undefined || !allowed(slug)) continue;
      counts.set(slug, (counts.get(slug) || 0) + 1);
      total++;
      let list = perNode.get(n);
      if (!list) perNode.set(n, (list = []));
      list.push([start - starts[n], found[k + 1] - starts[n], slug]);
    }
    for (const node of nodes) seen.add(node);
    if (perNode.size === 0) return 0;
    let made = 0;
    quietly(() => {
      for (const [index, list] of perNode) {
        const node = nodes[index];
        // Right to left, so the offsets of earlier matches stay valid. The original node keeps
        // the text before the first match; destroy() merges the pieces back into it.
        for (let j = list.length - 1; j >= 0; j--) {
          const [start, end, slug] = list[j];
          if (end > node.data.length) continue;
          const tail = node.splitText(end);
          const middle = node.splitText(start);
          pieces.add(tail);
          pieces.add(middle);
          seen.add(tail);
          seen.add(middle);
          const mark = makeMark(slug);
          middle.replaceWith(mark);
          mark.append(middle);
          marks.add(mark);
          made++;
        }
      }
    });
    return made;
  }

  // Annotates everything in the queue, in slices of about SLICE_MS, yielding in between.
  //
  // For an element, the text nodes are collected first (one TreeWalker pass, no writes), then
  // the ones on screen (see `nearViewport`) are marked first and painted, so what the reader
  // sees is marked within a frame or two; the rest follows, below the screen first. Marking
  // only writes to nodes the walk has passed, so the walk is never disturbed.
  async function drain() {
    let made = 0;
    let sliceStart = performance.now();
    const breathe = async () => {
      if (performance.now() - sliceStart > SLICE_MS) {
        await nextTask();
        sliceStart = performance.now();
      }
    };
    const markAll = async (nodes) => {
      let batch = [];
      let chars = 0;
      for (const node of nodes) {
        if (!alive) return;
        batch.push(node);
        chars += node.data.length;
        if (chars >= BATCH_CHARS) {
          made += annotateBatch(batch.filter((n) => n.isConnected));
          batch = [];
          chars = 0;
          await breathe();
        }
      }
      if (batch.length) made += annotateBatch(batch.filter((n) => n.isConnected));
      await breathe();
    };
    while (alive && queue.length) {
      const root = queue.shift();
      if (!root.isConnected || isSkipped(root)) continue;
      if (root.nodeType === Node.TEXT_NODE) {
        if (!seen.has(root) && root.data.trim() !== '') made += annotateBatch([root]);
        continue;
      }
      // One walk, without a filter callback (which would call into JavaScript for every node):
      // a skipped element is passed over with its whole subtree.
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      const nodes = [];
      let node = walk.nextNode();
      while (alive && node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (skipsItself(node) || (excludeSelector && node.matches(excludeSelector))) {
            node = pastSubtree(walk);
            continue;
          }
        } else if (!seen.has(node) && HAS_TEXT.test(node.data)) {
          nodes.push(node);
          if ((nodes.length & 1023) === 0) await breathe();
        }
        node = walk.nextNode();
      }
      const [from, to] = nearViewport(nodes);
      const near = nodes.slice(from, to);
      // Then the rest: below the screen first, where the reader is likely to go.
      const far = nodes.slice(to).concat(nodes.slice(0, from));
      await markAll(near);
      if (near.length) {
        // Let the browser paint what the reader sees before the rest; `forklar:visible` then
        // marks the moment the marks on screen are painted (the benchmark reads it). A hidden
        // tab has no frames, so a timeout stands in.
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 100);
          requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }, 0));
        });
        if (typeof performance.mark === 'function') performance.mark('forklar:visible');
      }
      await markAll(far);
    }
    return made;
  }

  function schedule() {
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
    for (const record of records) {
      if (record.type === 'characterData') {
        const node = record.target;
        if (node.parentElement && node.parentElement.localName === MARK_TAG) continue;
        seen.delete(node);
        queue.push(node);
        added = true;
      } else {
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE && node.localName === MARK_TAG) continue;
          if (node.nodeType === Node.ELEMENT_NODE || node.nodeType === Node.TEXT_NODE) {
            queue.push(node);
            added = true;
          }
        }
      }
    }
    if (added) schedule();
  }

  return {
    /** Marks terms in `root` and keeps watching it; resolves to the number of marks made. */
    async annotate(root) {
      if (!alive) return 0;
      observer.observe(root, { childList: true, characterData: true, subtree: true });
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
      alive = false;
      observer.disconnect();
      queue.length = 0;
      for (const mark of marks) {
        if (mark.parentNode) mark.replaceWith(...mark.childNodes);
      }
      for (const piece of pieces) {
        const prev = piece.previousSibling;
        if (piece.parentNode && prev && prev.nodeType === Node.TEXT_NODE) {
          prev.appendData(piece.data);
          piece.remove();
        }
      }
      marks.clear();
      pieces.clear();
      if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}
