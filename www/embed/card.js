// Definition cards: the popover that explains a marked term on hover, keyboard focus or tap.
// `cargo xtask dist` places this file in the bundle before loader.js, which creates the cards.
//
// The card is one <forklar-card> element with an open shadow root, so the host page's CSS
// cannot reach its inside and its CSS cannot leak out; it is shown in the top layer (the
// Popover API) so no stacking context of the page can hide it. While open it sits right after
// the mark in the DOM, which makes the keyboard order natural: Tab from the mark goes into the
// card's links and buttons, Shift+Tab from the card goes back to the mark.
//
// Semantics follow the toggletip pattern for content with links: the mark is a button with
// aria-expanded and aria-controls (the card element, which is in the light DOM so the id
// resolves), and aria-describedby pointing at a hidden light-DOM element with the term's
// description, so a screen reader on the mark hears what the term means before opening it.
// The card is a non-modal dialog. Content on hover meets WCAG 2.2 SC 1.4.13: Escape dismisses
// it, the pointer can move into it, and it stays until the pointer or focus leaves or the
// reader closes it.

const CARD_TAG = 'forklar-card';

const STRINGS = {
  da: {
    more: 'Læs mere',
    less: 'Vis mindre',
    back: 'Tilbage',
    close: 'Luk',
    full: 'Læs hele artiklen',
    optOut: 'Slå forklaringer fra på dette websted',
    optIn: 'Slå forklaringer til igen',
    card: 'Forklaring',
    loading: 'Henter artiklen …',
    failed: 'Artiklen kunne ikke hentes.',
    enter: 'Tryk Enter for at bruge kortet',
    off: 'Forklaringerne er slået fra',
  },
  en: {
    more: 'Read more',
    less: 'Show less',
    back: 'Back',
    close: 'Close',
    full: 'Read the full article',
    optOut: 'Turn explanations off on this site',
    optIn: 'Turn explanations back on',
    card: 'Explanation',
    loading: 'Loading the article …',
    failed: 'The article could not be loaded.',
    enter: 'Press Enter to use the card',
    off: 'Explanations are turned off',
  },
};

const OPT_OUT_KEY = 'forklar:cards-off';

// The language of the glossary's articles, whatever the page's language or the labels'.
const ARTICLE_LANG = 'da';

const CARD_CSS = `
:host {
  /* Fixed in the viewport; the script sets top and left. Everything the page or the popover
     defaults could change is pinned; top and left are not, or the inline position would lose. */
  position: fixed !important;
  inset: auto;
  /* A site's own popover rules ("[popover] { inset: 0; min-height: 60vh }", a centring
     "transform: translate(-50%, -50%)") reach the card too: the right and bottom edges, the
     height and every transform are pinned, or they would stretch the box place() measures or
     move the card off its term. */
  right: auto !important;
  bottom: auto !important;
  height: auto !important;
  min-height: 0 !important;
  max-height: none !important;
  min-width: 0 !important;
  transform: none !important;
  translate: none !important;
  scale: none !important;
  rotate: none !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  background: transparent !important;
  overflow: visible !important;
  z-index: 2147483000 !important;
  color: initial !important;
  font: initial !important;
  text-align: initial !important;
  /* --forklar-zoom is the card's CSS zoom, which place() sets: zoom scales vw as it scales px,
     and the cap is the viewport's width as the reader sees it. */
  max-width: min(var(--forklar-card-max-width, 26rem), calc((var(--forklar-room, 100vw) - 16px) / var(--forklar-zoom, 1))) !important;
  width: max-content !important;
  box-sizing: border-box !important;
  /* A page rule such as "* { transition: all .3s }" would fly the card in from the corner. */
  transition: none !important;
  animation: none !important;
}
.card {
  /* Inherited properties (letter-spacing, line-height, …) would otherwise flow in from the
     page through the host; custom properties survive, so theming still works. */
  all: initial;
  display: block;
  box-sizing: border-box;
  max-width: 100%;
  max-height: min(32rem, calc((100vh - 16px) / var(--forklar-zoom, 1)));
  overflow: auto;
  font: var(--forklar-card-font, 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--forklar-card-fg, #1d2330);
  background: var(--forklar-card-bg, #ffffff);
  border: var(--forklar-card-border, 1px solid #c9ced8);
  border-radius: var(--forklar-card-radius, 10px);
  box-shadow: var(--forklar-card-shadow, 0 8px 28px rgba(15, 23, 42, 0.22));
  padding: 0.85em 1em 0.7em;
  text-align: start;
  overflow-wrap: break-word;
  transition: opacity 120ms ease-out;
}
@media (prefers-color-scheme: dark) {
  .card {
    color: var(--forklar-card-fg, #e6e9ef);
    background: var(--forklar-card-bg, #1c2230);
    border: var(--forklar-card-border, 1px solid #3a4356);
  }
}
@media (prefers-reduced-motion: reduce) { .card { transition: none; } }
.top { display: flex; align-items: center; gap: 0.5em; min-height: 1.6em; }
.category {
  flex: 1;
  font-size: 0.75em;
  letter-spacing: 0.06em;
  text-transform: uppercase;
  color: var(--forklar-card-muted, #5b6476);
}
@media (prefers-color-scheme: dark) { .category { color: var(--forklar-card-muted, #aab3c5); } }
button, a { font: inherit; color: var(--forklar-card-accent, #1f5fbf); }
@media (prefers-color-scheme: dark) { button, a { color: var(--forklar-card-accent, #8ab4ff); } }
button {
  background: none;
  border: 0;
  padding: 0.15em 0.3em;
  border-radius: 4px;
  cursor: pointer;
}
button:focus-visible, a:focus-visible { outline: 2px solid currentColor; outline-offset: 1px; }
.close { font-size: 1.2em; line-height: 1; }
.title { font-size: 1.15em; font-weight: 650; margin: 0.15em 0 0.25em; }
.description { margin: 0 0 0.5em; font-weight: 500; }
.body { position: relative; max-height: 9.5em; overflow: hidden; font-size: 0.95em; }
.body.expanded { max-height: none; overflow: visible; }
.body:not(.expanded).clipped::after {
  content: "";
  position: absolute;
  inset: auto 0 0 0;
  height: 2.5em;
  background: linear-gradient(transparent, var(--forklar-card-bg, #ffffff));
}
@media (prefers-color-scheme: dark) {
  .body:not(.expanded).clipped::after { background: linear-gradient(transparent, var(--forklar-card-bg, #1c2230)); }
}
/* An article opens with its title as a heading, which the card shows already; a later
   top-level heading is the article's own and shows. */
.body > h1:first-child { display: none; }
.body h2, .body h3, .body h4 { font-size: 1em; margin: 0.8em 0 0.2em; }
.body p, .body ul, .body ol, .body blockquote { margin: 0 0 0.55em; }
.body ul, .body ol { padding-inline-start: 1.3em; }
.body blockquote { border-inline-start: 3px solid currentColor; padding-inline-start: 0.7em; opacity: 0.85; }
.actions { display: flex; flex-wrap: wrap; gap: 0.3em 1em; align-items: center; margin-top: 0.3em; }
.actions .more { padding-inline-start: 0; }
.footer { margin-top: 0.5em; border-top: 1px solid rgba(127, 127, 127, 0.25); padding-top: 0.35em; }
.optout { font-size: 0.78em; padding-inline-start: 0; color: var(--forklar-card-muted, #5b6476); }
/* The light scheme's grey has a contrast of 2.7 on the dark card, this one 7.5. */
@media (prefers-color-scheme: dark) { .optout { color: var(--forklar-card-muted, #aab3c5); } }
.hint { display: none; margin: 0.35em 0 0; font-size: 0.78em; color: var(--forklar-card-muted, #5b6476); }
@media (prefers-color-scheme: dark) { .hint { color: var(--forklar-card-muted, #aab3c5); } }
.preview .hint { display: block; }
[hidden] { display: none !important; }
@media print { :host { display: none !important; } }
`;

let cardSheet = null;

// Pages that enforce Trusted Types refuse a plain string for innerHTML. The article HTML was
// sanitised when the glossary was compiled (see render.rs), so the widget's policy passes it
// through unchanged. undefined: not made yet; null: the page does not allow the name.
let htmlPolicy;
function trustedHtml(html) {
  const tt = window.trustedTypes;
  if (!tt || typeof tt.createPolicy !== 'function') return html;
  if (htmlPolicy === undefined) {
    try {
      htmlPolicy = tt.createPolicy('forklar', { createHTML: (text) => text });
    } catch (err) {
      htmlPolicy = null;
    }
  }
  return htmlPolicy ? htmlPolicy.createHTML(html) : html;
}

function cardStyles() {
  if (!cardSheet) {
    cardSheet = new CSSStyleSheet();
    cardSheet.replaceSync(CARD_CSS);
  }
  return cardSheet;
}

// The one place card text meets HTML: `render` returns HTML the build already sanitised; every
// other string is set as text.
function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// The reader's choice made on this page, for when storage is blocked (a sandboxed frame, a
// browser that refuses storage to the site) or refuses to store it (a full quota): without it
// the next `annotate()` or body swap would mark the page again right after the reader said no.
let optedOutHere = false;
let storageFailed = false;

function optedOut() {
  if (storageFailed) return optedOutHere;
  try {
    return window.localStorage.getItem(OPT_OUT_KEY) === '1';
  } catch (err) {
    return optedOutHere; // storage blocked: only this page's choice is known
  }
}

// Remembers the reader's choice; where storage fails it lasts for this page only.
function setOptedOut(off) {
  optedOutHere = off;
  try {
    if (off) window.localStorage.setItem(OPT_OUT_KEY, '1');
    else window.localStorage.removeItem(OPT_OUT_KEY);
  } catch (err) {
    // From now on storage may say something else than the reader chose: this page's choice
    // is the one that counts.
    storageFailed = true;
  }
}

// The card element and its descriptions carry data-forklar-skip, so the annotator's observer
// passes over them when they are inserted next to a mark.
function createCards({ lookup, descriptionOf, render, loadBody, lang, hoverDelay, articleUrl, onOptOut, onOptIn }) {
  const uiLang = STRINGS[lang] ? lang : 'da';
  const t = STRINGS[uiLang];
  const GRACE_MS = 300;
  const TAP_MS = 600;
  const uid = Math.random().toString(36).slice(2, 8);
  const hostId = `forklar-card-${uid}`;

  // Descriptions for aria-describedby live in the light DOM, because ids do not cross shadow
  // roots; one hidden element per term, made when the term is first marked.
  const descriptions = el('div', { hidden: '', 'data-forklar-skip': '' });
  // `hidden` alone loses to a page rule such as `body > div { display: block }`.
  descriptions.style.setProperty('display', 'none', 'important');
  const described = new Map();

  defineElement(CARD_TAG);
  defineElement('forklar-anchor');
  defineElement('forklar-status');
  const host = el(CARD_TAG, { id: hostId, 'data-forklar-skip': '' });
  const usePopover = typeof host.showPopover === 'function';
  if (usePopover) host.setAttribute('popover', 'manual');
  else host.hidden = true;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [cardStyles()];
  // The card sits inside the page's element, right after its mark, so its clicks and keys would
  // bubble on into the page's handlers: a teaser whose whole box is clickable would navigate
  // away on a click on "Læs mere". They end at the card. The widget's own handlers listen on
  // the document in the capture phase and have run by then; focus events still bubble, for the
  // page's focus traps.
  for (const type of ['click', 'auxclick', 'dblclick', 'contextmenu', 'mousedown', 'mouseup',
    'pointerdown', 'pointerup', 'keydown', 'keyup', 'keypress']) {
    host.addEventListener(type, (event) => event.stopPropagation());
  }
  // Passive, so that scrolling over the card does not wait for the main thread.
  for (const type of ['touchstart', 'touchend', 'wheel']) {
    host.addEventListener(type, (event) => event.stopPropagation(), { passive: true });
  }

  // The card sits inside the page's text and would take its language and direction (`all:
  // initial` resets neither): on an English page a screen reader read the Danish article with
  // an English voice, and inside right-to-left text the card was laid out right to left. The
  // card speaks the labels' language and the article parts the articles', left to right.
  const card = el('div', { class: 'card', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'title', lang: uiLang, dir: 'ltr' });
  const top = el('div', { class: 'top' });
  const back = el('button', { type: 'button', class: 'back', hidden: '' }, `← ${t.back}`);
  const category = el('span', { class: 'category', lang: ARTICLE_LANG });
  const close = el('button', { type: 'button', class: 'close', 'aria-label': t.close }, '×');
  top.append(back, category, close);
  // Focusable from script only: where focus goes when Back empties the history.
  const title = el('h2', { class: 'title', id: 'title', tabindex: '-1', lang: ARTICLE_LANG });
  const description = el('p', { class: 'description', lang: ARTICLE_LANG });
  const body = el('div', { class: 'body', id: 'body', lang: ARTICLE_LANG });
  const actions = el('div', { class: 'actions' });
  const more = el('button', { type: 'button', class: 'more', 'aria-expanded': 'false', 'aria-controls': 'body' }, t.more);
  const full = el('a', { class: 'full', hidden: '' }, t.full);
  actions.append(more, full);
  const footer = el('div', { class: 'footer' });
  const optOut = el('button', { type: 'button', class: 'optout' }, t.optOut);
  footer.append(optOut);
  const hint = el('p', { class: 'hint' }, t.enter);
  card.append(top, title, description, body, actions, footer, hint);
  shadow.append(card);

  let anchor = null; // the open card's mark
  let anchorLine = -1; // which of the mark's line boxes the card is placed at; -1: all of them
  let mode = null; // 'hover' | 'focus' | 'click'
  // For a card opened from elsewhere (a search result): what it must not cover (the search
  // field being typed in) and where focus goes back to when it closes.
  let avoid = null;
  let returnTo = null;
  let openedAt = 0;
  let history = [];
  let openTimer = 0;
  let closeTimer = 0;
  let alive = true;
  // The mark that closeCard is handing focus back to: its focusin must not open the card again.
  let returning = null;
  // The mark a press went down on, and whether its card was open then, before the focus that
  // the press gives the mark could open it or change its mode.
  let pressed = null;
  // The touch outside the card that closes it if it ends as a tap (see `pointerdown`).
  let tapOutside = null;
  // Whether focus went into the open card and has not left it for the page: a card the page
  // removed with its term had focus all the same, which the removal sent to the body.
  let focusIn = false;

  function describe(slug) {
    // The page may have replaced its body since (Turbo and the like): marks made from now on
    // must find their descriptions.
    if (!descriptions.isConnected && document.body) document.body.append(descriptions);
    if (described.has(slug)) return described.get(slug);
    const id = `forklar-desc-${uid}-${slug}`;
    descriptions.append(el('span', { id }, descriptionOf(slug) || ''));
    described.set(slug, id);
    if (!descriptions.isConnected) document.body.append(descriptions);
    return id;
  }

  let warnedHtml = false;
  function setBody(html) {
    try {
      body.innerHTML = trustedHtml(html);
    } catch (err) {
      // Trusted Types enforced and the policy name refused: title and description still show.
      body.textContent = '';
      if (!warnedHtml) {
        warnedHtml = true;
        console.warn("forklar: this page's Trusted Types settings refuse the policy 'forklar', so cards show no article text; add 'forklar' to the trusted-types directive");
      }
    }
    for (const a of body.querySelectorAll('a[data-forklar-slug]')) {
      const target = a.getAttribute('data-forklar-slug');
      // A full address: a page's <base href> would send a bare fragment to another page.
      const here = new URL(`#forklar=${target}`, window.location.href).href;
      a.setAttribute('href', articleUrl ? articleUrl.replace('{slug}', target) : here);
    }
    for (const a of body.querySelectorAll('a:not([data-forklar-slug])')) {
      a.setAttribute('rel', 'noopener noreferrer');
      a.setAttribute('target', '_blank');
    }
    // A body that arrives while the card is a preview brings links that must not be Tab stops.
    if (mode === 'focus') setMode(mode);
  }

  function fill(slug) {
    const meta = lookup(slug);
    if (!meta) return false;
    const html = render(slug);
    // A body in a chunk file not fetched yet: the card opens with title and description at
    // once, and the body follows when it arrives, if the card still shows this article.
    const pending = html === undefined ? loadBody(slug) : null;
    if (html === undefined && !pending) return false;
    category.textContent = meta.keywords || '';
    title.textContent = meta.title;
    description.textContent = meta.description;
    if (pending) {
      body.textContent = t.loading;
      pending.then(
        () => {
          const later = render(slug);
          if (alive && host.dataset.slug === slug && later !== undefined) {
            setBody(later);
            updateMore();
            // The card was placed for its title and description; with the body it is taller
            // and would grow down over its term and out of the viewport.
            place();
          }
        },
        () => {
          if (alive && host.dataset.slug === slug) body.textContent = t.failed;
        },
      );
    } else {
      setBody(html);
    }
    body.classList.remove('expanded');
    more.setAttribute('aria-expanded', 'false');
    more.textContent = t.more;
    if (articleUrl) {
      full.hidden = false;
      full.setAttribute('href', articleUrl.replace('{slug}', slug));
    }
    back.hidden = history.length === 0;
    // A reader who turned the marks off can still open cards from search; the same button
    // turns them back on.
    optOut.textContent = optedOut() ? t.optIn : t.optOut;
    host.setAttribute('aria-label', `${t.card}: ${meta.title}`);
    host.dataset.slug = slug;
    return true;
  }

  // "Læs mere" only when the body is cut off.
  function updateMore() {
    const clipped = body.scrollHeight > body.clientHeight + 2;
    body.classList.toggle('clipped', clipped);
    more.hidden = !clipped && !body.classList.contains('expanded');
  }

  function show() {
    if (usePopover) {
      if (!host.matches(':popover-open')) host.showPopover();
    } else {
      host.hidden = false;
    }
  }

  function hide() {
    if (usePopover) {
      if (host.matches(':popover-open')) host.hidePopover();
    } else {
      host.hidden = true;
    }
  }

  function lineRects() {
    const rects = anchor ? [...anchor.getClientRects()] : [];
    return rects.length ? rects : anchor ? [anchor.getBoundingClientRect()] : [];
  }

  // Below the term; above it when there is no room below; when neither side has room, on the
  // roomier side with the card's height capped to fit, so it never covers its own term. Shifted
  // sideways to stay inside the viewport; the width is capped at the viewport, so the card
  // never causes horizontal scroll.
  function place() {
    if (!anchor) return;
    // The anchor left the page (a search result replaced by the next keystroke): there is
    // nothing to place the card at any more.
    if (!anchor.isConnected) {
      closeCard(false);
      return;
    }
    const rects = lineRects();
    // Opened without a pointer, a term that wraps is covered by none of its lines: the card
    // goes beside the box around all of them.
    let r = anchorLine >= 0 ? rects[Math.min(anchorLine, rects.length - 1)] : span(rects);
    if (!r) return;
    if (avoid && avoid.isConnected) r = span([r, avoid.getBoundingClientRect()]);
    const margin = 8;
    const gap = 6;
    // The card is fixed to the layout viewport, but the reader sees the visual one: pinch-zoomed
    // in, or with a phone's keyboard up, that is a part of it (at 2.5 times, a 156 px wide
    // window somewhere in 390 px), and a card placed in the layout viewport showed only its
    // last lines. So the card is placed, and its width capped (`--forklar-room`), within what
    // is seen; the rectangles are in the layout viewport's pixels, as is the visual viewport's
    // offset.
    const vv = window.visualViewport;
    const x0 = vv ? vv.offsetLeft : 0;
    const y0 = vv ? vv.offsetTop : 0;
    const vw = vv ? vv.width : document.documentElement.clientWidth || window.innerWidth;
    const vh = vv ? vv.height : window.innerHeight;
    host.style.setProperty('--forklar-room', `${vw}px`);
    // CSS zoom on an ancestor (a page's `body { zoom: 1.25 }`, a large-print section) applies
    // to the card too, and multiplies its left, top and max-height, while the term's rectangle
    // is in the viewport's pixels already. The card keeps the zoom of the text around it, so
    // everything here is worked out in viewport pixels (rectangles, not offsetWidth, which is
    // unzoomed) and divided by the zoom where it is set.
    const zoom = host.currentCSSZoom || 1;
    host.style.setProperty('--forklar-zoom', String(zoom));
    card.style.removeProperty('max-height');
    host.style.setProperty('left', '0px');
    host.style.setProperty('top', '0px');
    const below = y0 + vh - margin - (r.bottom + gap);
    const above = r.top - gap - margin - y0;
    let h = host.getBoundingClientRect().height;
    let side = 'below';
    if (h > below) {
      if (h <= above) side = 'above';
      else {
        side = below >= above ? 'below' : 'above';
        card.style.setProperty('max-height', `${Math.max(96, Math.floor(Math.max(below, above))) / zoom}px`);
        h = host.getBoundingClientRect().height;
      }
    }
    let top = side === 'below' ? r.bottom + gap : r.top - gap - h;
    // Kept inside the viewport while its term is on screen; once the term has scrolled out of
    // view the card goes with it instead of staying behind over unrelated text, unless it
    // holds focus: the reader's Tab must not move through controls no one can see.
    if ((r.bottom > y0 && r.top < y0 + vh) || host.matches(':focus-within')) {
      top = Math.min(Math.max(y0 + margin, top), Math.max(y0 + margin, y0 + vh - margin - h));
    }
    const w = host.getBoundingClientRect().width;
    let left = Math.min(r.left, x0 + vw - margin - w);
    left = Math.max(x0 + margin, left);
    host.style.setProperty('left', `${Math.round(left) / zoom}px`);
    host.style.setProperty('top', `${Math.round(top) / zoom}px`);
    host.dataset.side = side;
  }

  // The smallest box around `rects`, with the first one's left edge (where the term starts).
  function span(rects) {
    if (!rects.length) return null;
    let top = Infinity;
    let bottom = -Infinity;
    for (const rect of rects) {
      top = Math.min(top, rect.top);
      bottom = Math.max(bottom, rect.bottom);
    }
    return { top, bottom, left: rects[0].left };
  }

  // Only marks are toggle buttons; a card opened from a search result or a deep link has
  // another anchor, whose semantics are its own.
  function setExpanded(anchorEl, open) {
    if (anchorEl.localName !== 'forklar-term') return;
    anchorEl.setAttribute('aria-expanded', String(open));
    if (open) anchorEl.setAttribute('aria-controls', hostId);
    else anchorEl.removeAttribute('aria-controls');
  }

  function open(mark, how, pointerY, slug = mark.getAttribute('data-forklar-term'), from = {}) {
    // A term the page removed while the pointer dwelt on it has no place for a card (a popover
    // that is not in the document cannot be shown).
    if (!alive || !mark.isConnected) return;
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    // A card whose term the page has removed since stands by nothing; it must not hold its
    // place against the next card.
    if (anchor && !anchor.isConnected) closeCard(false);
    // The same term again (focus coming back to it with Shift+Tab, a click on it) keeps the
    // card as it is, with the related articles the reader has browsed to.
    // Not so for `forklar.open(slug)` and deep links (`from.exact`): they ask for that article.
    if (anchor === mark && (host.dataset.slug === slug || (history[0] === slug && !from.exact))) {
      // Focus coming back to the term (Shift+Tab from its card) keeps a card a key or a click
      // opened as it is, with its Tab stops; focus or a click on a hover card makes it theirs.
      if (how === 'click' || mode === 'hover') setMode(how);
      return;
    }
    // A card the reader opened on purpose (focus, click, tap, key, search) stays until they
    // close it or move on: the pointer passing over another term does not take it away.
    if (how === 'hover' && anchor && mode !== 'hover') return;
    if (anchor) closeCard(false);
    history = [];
    if (!fill(slug)) return;
    anchor = mark;
    setMode(how);
    avoid = from.avoid || null;
    returnTo = from.returnTo || null;
    openedAt = performance.now();
    // A term that wraps over two lines: anchor to the line under the pointer.
    const rects = lineRects();
    anchorLine = -1;
    if (pointerY !== undefined) {
      const i = rects.findIndex((rect) => pointerY >= rect.top && pointerY <= rect.bottom);
      if (i >= 0) anchorLine = i;
    }
    // The card goes right after its mark, for the keyboard order. An anchor inside another
    // shadow root (a search result) keeps that root's structure intact: the card goes after the
    // root's host instead.
    const root = mark.getRootNode();
    sweep();
    (root instanceof ShadowRoot ? root.host : mark).after(host);
    setExpanded(mark, true);
    show();
    place();
    updateMore();
    place();
    window.addEventListener('scroll', place, { capture: true, passive: true });
    window.addEventListener('resize', place, { passive: true });
    // Pinch zoom and panning move the visual viewport without a scroll of the page.
    window.visualViewport?.addEventListener('resize', place, { passive: true });
    window.visualViewport?.addEventListener('scroll', place, { passive: true });
  }

  // A card opened by keyboard focus is a preview, shown while the reader passes over the
  // term: its links and buttons are no Tab stops, or Tab would walk through every card on the
  // way down a page (1,012 stops, 920 of them in cards, past the 90 terms of the demo
  // article). The term's description is read with the term; Enter on it takes the reader into
  // the card (`enter`), which then holds Tab stops like any dialog. A click works in a preview
  // all the same.
  function setMode(how) {
    mode = how;
    const preview = how === 'focus';
    card.classList.toggle('preview', preview);
    // A scrolling box with nothing focusable in it is a Tab stop of its own in Chromium.
    if (preview) card.setAttribute('tabindex', '-1');
    else card.removeAttribute('tabindex');
    for (const node of card.querySelectorAll('a[href], button')) {
      if (preview) node.setAttribute('tabindex', '-1');
      else node.removeAttribute('tabindex');
    }
  }

  // Into the open card: no longer a preview, and focus on its title, so that a screen reader
  // says where it is and Tab goes on to the article's links.
  function enter() {
    if (!anchor) return;
    if (mode !== 'click') setMode('click');
    title.focus({ preventScroll: true });
  }

  // The card stands in the page's markup, so a page that rewrites its markup while a card is
  // open (`element.innerHTML += …`) parses a copy of it: an element without the shadow root,
  // with the card's id, which later marks' aria-controls would name. Copies go.
  function sweep() {
    for (const copy of document.querySelectorAll(`${CARD_TAG}#${CSS.escape(hostId)}`)) {
      if (copy !== host) copy.remove();
    }
  }

  function closeCard(restoreFocus) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (!anchor) return;
    const mark = anchor;
    const focusInside = host.matches(':focus-within') || (focusIn && !host.isConnected && !activeElement());
    focusIn = false;
    // Focus goes back to where the reader was when a card opened from elsewhere took it (a
    // search field, the page's button that called `forklar.open`, a deep link), else to the
    // term.
    const back = returnTo;
    const focusTarget = back || (mark.localName === 'forklar-term' ? mark : null);
    hide();
    setExpanded(mark, false);
    anchor = null;
    mode = null;
    avoid = null;
    returnTo = null;
    window.removeEventListener('scroll', place, { capture: true });
    window.removeEventListener('resize', place);
    window.visualViewport?.removeEventListener('resize', place);
    window.visualViewport?.removeEventListener('scroll', place);
    host.remove();
    // Focus in the card goes back with `restoreFocus`. Without it (the page removed the term,
    // destroy()), focus that the widget took from the page still goes back to where it was,
    // rather than to the body.
    const to = restoreFocus ? focusTarget : back;
    if (focusInside && to && to.isConnected) {
      returning = to;
      try {
        to.focus();
      } finally {
        returning = null;
      }
    }
  }

  function navigate(slug) {
    const current = host.dataset.slug;
    history.push(current);
    if (!fill(slug)) {
      history.pop();
      return;
    }
    updateMore();
    place();
    back.focus();
  }

  function markOf(event) {
    const target = event.target;
    return target instanceof Element ? target.closest('forklar-term[data-forklar-term]') : null;
  }

  function inCard(event) {
    return event.composedPath().includes(host);
  }

  const on = {
    pointerover(event) {
      // No hover cards while a button is held: the reader is selecting text or dragging.
      if (event.pointerType === 'touch' || event.buttons !== 0) return;
      if (inCard(event)) {
        clearTimeout(closeTimer);
        return;
      }
      const mark = markOf(event);
      if (!mark) return;
      if (mark === anchor) {
        clearTimeout(closeTimer);
        return;
      }
      clearTimeout(openTimer);
      const y = event.clientY;
      openTimer = setTimeout(() => open(mark, 'hover', y), hoverDelay);
    },
    pointerout(event) {
      if (event.pointerType === 'touch') return;
      const to = event.relatedTarget;
      const mark = markOf(event);
      if (mark && !(to instanceof Node && mark.contains(to))) clearTimeout(openTimer);
      if (mode !== 'hover' || !anchor) return;
      const leaving = (mark === anchor || inCard(event))
        && !(to instanceof Node && (anchor.contains(to) || host.contains(to) || to === host));
      if (leaving) {
        clearTimeout(closeTimer);
        closeTimer = setTimeout(() => closeCard(false), GRACE_MS);
      }
    },
    focusin(event) {
      focusIn = inCard(event);
      if (focusIn) return;
      const mark = markOf(event);
      if (mark) {
        if (mark !== returning) open(mark, 'focus');
        return;
      }
      // Focus moved on, out of the card and its term: a card opened by focus, click, tap or
      // key closes; one the pointer holds open stays.
      if (anchor && mode !== 'hover') closeCard(false);
    },
    pointerdown(event) {
      const pressedMark = markOf(event);
      pressed = pressedMark ? { mark: pressedMark, open: anchor === pressedMark && mode !== 'hover' } : null;
      if (!anchor) return;
      if (inCard(event)) {
        // A reader pressing in a card the pointer opened is using it (selecting its text, say,
        // and dragging past its edge): it must not close when the pointer leaves.
        if (mode === 'hover') setMode('click');
        return;
      }
      if (markOf(event) === anchor) return;
      // A touch outside the card may be the start of a scroll, which the card follows: it
      // closes when the touch ends as a tap, not at once (a swipe to read on closed it).
      if (event.pointerType === 'touch') {
        tapOutside = event.pointerId;
        return;
      }
      closeCard(false);
    },
    pointerup(event) {
      if (tapOutside !== event.pointerId) return;
      tapOutside = null;
      closeCard(false);
    },
    // A press that became a scroll or a drag ends without a click: what it found must not
    // decide a later click (from the keyboard or assistive technology) on the same term.
    pointercancel() {
      pressed = null;
      tapOutside = null;
    },
    click(event) {
      if (inCard(event)) {
        pressed = null;
        // A reader who clicks in a card the pointer opened is using it: it no longer closes
        // when the pointer leaves, which would take their focus with it.
        if (mode !== 'click') setMode('click');
        const link = event.composedPath().find((n) => n instanceof Element && n.matches('a[data-forklar-slug]'));
        if (link && !(event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1)) {
          event.preventDefault();
          navigate(link.getAttribute('data-forklar-slug'));
        }
        return;
      }
      const mark = markOf(event);
      const press = pressed;
      pressed = null;
      if (!mark) return;
      // The click is the term's: a page handler around it (a teaser whose whole box is a link)
      // would navigate away from the card the reader asked for.
      event.preventDefault();
      event.stopPropagation();
      // The tap or click that focused the mark (or ended a hover dwell) keeps the card open;
      // a later click on the same mark closes it. What counts is the card as the press found
      // it: the focus the press brings back to the mark (from "Læs mere", say) opens the card
      // again as a focus card, and a card Tab opened is open all the same. A click without a
      // press (from assistive technology) goes by the mode. A double click does not close
      // what its first click opened.
      const wasOpen = press && press.mark === mark ? press.open : mode === 'click';
      if (anchor === mark && wasOpen && performance.now() - openedAt > TAP_MS) {
        closeCard(false);
      } else if (anchor === mark) {
        setMode('click');
      } else {
        open(mark, 'click', event.clientY);
      }
    },
    // A selection of page text that runs through the open card would copy the whole article
    // with it (the card sits right after its mark, for the keyboard order), so the card closes
    // before the browser copies. A selection inside the card, quoting it, is left alone.
    copy() {
      if (!anchor) return;
      const selection = document.getSelection();
      if (!selection || selection.isCollapsed || !selection.containsNode(host, true)) return;
      const inside = (node) => node === host || shadow.contains(node);
      let composed = null;
      try {
        // Older engines take the shadow roots as arguments, not as an option.
        composed = typeof selection.getComposedRanges === 'function'
          ? selection.getComposedRanges({ shadowRoots: [shadow] })[0]
          : null;
      } catch (err) {
        composed = null;
      }
      if (composed && inside(composed.startContainer) && inside(composed.endContainer)) return;
      closeCard(true);
    },
    keydown(event) {
      if (event.key === 'Escape' && anchor) {
        // A card the reader opened by focus, click, tap, key or search, or one holding focus, is
        // the layer on top, and one Escape closes one layer: the page's own Escape handlers (a
        // dialog the term is in, a menu) do not run for this press, and a canceled keydown is
        // not a close request for a modal <dialog> either. A card only the pointer opened,
        // while focus is in the page, closes as well, but that Escape is the page's too: the
        // reader may have pressed it for the field they are typing in.
        if (mode !== 'hover' || host.matches(':focus-within')) {
          event.preventDefault();
          event.stopPropagation();
        }
        closeCard(true);
        return;
      }
      const mark = markOf(event);
      if (mark && (event.key === 'Enter' || event.key === ' ')) {
        // The key is the term's, as its click is (see `click`).
        event.preventDefault();
        event.stopPropagation();
        // The card Tab opened is a preview (see `setMode`): Enter takes the reader into it.
        // Otherwise Enter is a toggle, as the mark's aria-expanded says: it opens the card,
        // whose links Tab then reaches, and closes a card a key or a click opened. A card the
        // pointer opened is kept, as the reader's choice, and entered.
        if (anchor === mark && mode === 'click') closeCard(false);
        else if (anchor === mark) enter();
        else open(mark, 'click');
      }
    },
  };

  back.addEventListener('click', () => {
    const slug = history.pop();
    if (slug && fill(slug)) {
      updateMore();
      place();
      (history.length ? back : title).focus?.();
    }
  });
  close.addEventListener('click', () => closeCard(true));
  function expand(expanded) {
    body.classList.toggle('expanded', expanded);
    if (!expanded) body.scrollTop = 0;
    more.setAttribute('aria-expanded', String(expanded));
    more.textContent = expanded ? t.less : t.more;
    place();
  }
  more.addEventListener('click', () => expand(!body.classList.contains('expanded')));
  // Tab into a link below the cut would scroll the clipped body out of reach of the mouse (it
  // has no scroll bar): the body opens instead, as "Læs mere" would. Only for keyboard focus: a
  // click's focus comes between its press and release, and moving the link then loses the click.
  body.addEventListener('focusin', (event) => {
    const keyboard = event.target instanceof Element && event.target.matches(':focus-visible');
    if (keyboard && body.classList.contains('clipped') && !body.classList.contains('expanded')) {
      expand(true);
      // Placed again for its new height, the card may now be cut by the viewport, with the
      // focused link below the part it shows: it scrolls into view inside the card.
      event.target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  });
  optOut.addEventListener('click', () => {
    if (optedOut()) {
      setOptedOut(false);
      optOut.textContent = t.optOut;
      onOptIn();
      return;
    }
    setOptedOut(true);
    // Focus goes back where it was (a search field). A term's mark goes with the marks, and
    // focus with it, to the body: it goes to the text the term was in instead, made focusable
    // until focus leaves it, so the reader goes on from where they were.
    const mark = anchor;
    const spot = !returnTo && mark && mark.localName === 'forklar-term' ? mark.parentElement : null;
    closeCard(true);
    onOptOut();
    if (spot && spot.isConnected && !activeElement()) {
      if (!spot.hasAttribute('tabindex')) {
        spot.setAttribute('tabindex', '-1');
        spot.addEventListener('blur', () => spot.removeAttribute('tabindex'), { once: true });
      }
      spot.focus({ preventScroll: true });
    }
    announce(t.off);
  });

  // Says `text` to a screen reader, through a status region that exists before the text goes
  // in (a region made with its text in it is not read) and leaves the page again after a while.
  let status = null;
  function announce(text) {
    if (!status) {
      status = el('forklar-status', { role: 'status', 'data-forklar-skip': '' });
      status.style.cssText = 'position:absolute!important;width:1px!important;height:1px!important;'
        + 'overflow:hidden!important;clip-path:inset(50%)!important;white-space:nowrap!important;display:block!important';
    }
    status.textContent = '';
    document.body.append(status);
    setTimeout(() => {
      status.textContent = text;
      setTimeout(() => status.remove(), 5000);
    }, 100);
  }

  for (const [type, handler] of Object.entries(on)) document.addEventListener(type, handler, true);

  // The element with focus, inside shadow roots too; null for none (the body).
  function activeElement() {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    return active && active !== document.body && active !== document.documentElement ? active : null;
  }

  // A deep link has no mark to stand by when the term is not on the page: a fixed point at the
  // top of the viewport stands in.
  let fallback = null;
  function fallbackAnchor() {
    if (!fallback) {
      fallback = el('forklar-anchor', { 'data-forklar-skip': '' });
      fallback.style.cssText = 'position:fixed;top:12px;left:50%;width:0;height:0;display:block';
    }
    if (!fallback.isConnected) document.body.append(fallback);
    return fallback;
  }

  return {
    describe,
    /**
     * Opens the card of `slug` next to `anchorEl` (a search result; `from.avoid` is an element
     * the card must not cover, `from.returnTo` where focus goes when it closes), or next to a
     * mark of the term: one on screen, else the first on the page, scrolled into view (a deep
     * link shows the term it explains). With no visible mark, at the top of the viewport.
     */
    openSlug(slugOrTerm, anchorEl, from = {}) {
      // A term ("banken", from `forklar.open` or a deep link) opens its article's card: the
      // rest goes by the slug, which is what marks carry and `render` takes.
      const meta = lookup(slugOrTerm);
      if (!meta) return false;
      const slug = meta.slug;
      let target = anchorEl;
      if (!target) {
        const vh = window.innerHeight;
        const shown = [...document.querySelectorAll(`forklar-term[data-forklar-term="${CSS.escape(slug)}"]`)]
          .map((m) => [m, m.getClientRects()[0]])
          .filter(([, r]) => r && (r.width > 0 || r.height > 0));
        const onScreen = shown.find(([, r]) => r.bottom > 0 && r.top < vh);
        if (onScreen) target = onScreen[0];
        else if (shown.length) {
          target = shown[0][0];
          target.scrollIntoView({ block: 'center', behavior: 'instant' });
        } else target = fallbackAnchor();
      }
      // A card the page or a link asked for is a dialog opened for the reader: focus goes into
      // it, or a keyboard could not reach it (Tab went on in the page, and closed it) and a
      // screen reader would not hear of it. It goes back where it was when the card closes.
      // A search result's card takes focus only when chosen by key (`from.focus`): a click
      // leaves the reader typing.
      // Focus in the open card (its title, from an earlier `forklar.open()`) goes back where
      // that card would have sent it, not to the card about to close.
      const inside = host.matches(':focus-within');
      const termOf = anchor && anchor.localName === 'forklar-term' ? anchor : null;
      const back = from.returnTo || (inside ? returnTo || termOf : activeElement());
      open(target, 'click', undefined, slug, { ...from, returnTo: back, exact: true });
      const opened = anchor === target && host.dataset.slug === slug;
      if (opened && (from.focus ?? !anchorEl)) enter();
      return opened;
    },
    /**
     * Closes the card if it stands by one of `marks`, or inside one of them, which are about
     * to be removed (the page made their text editable, or replaced it) or which the page has
     * removed: a card left open would explain a term that is gone, or sit inside an editor's
     * content, and focus the card held goes back to the page.
     */
    closeFor(marks) {
      if (anchor && marks.some((el) => el.contains(anchor))) closeCard(false);
    },
    /** Closes the card if it stands by an element inside `root` (a search box's results). */
    closeIn(root) {
      if (anchor && root.contains(anchor)) closeCard(false);
    },
    destroy() {
      if (!alive) return;
      closeCard(false);
      alive = false;
      for (const [type, handler] of Object.entries(on)) document.removeEventListener(type, handler, true);
      descriptions.remove();
      if (fallback) fallback.remove();
      if (status) status.remove();
      sweep();
    },
  };
}
