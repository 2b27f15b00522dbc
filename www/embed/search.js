// <forklar-search>: a search box over the whole glossary, for the host page to place anywhere.
// `cargo xtask dist` places this file before loader.js, which defines the element once the
// cards exist.
//
// It follows the ARIA combobox pattern with a listbox popup: focus stays in the input, arrows
// move the active option (aria-activedescendant), Enter opens the active result's card, Escape
// closes the list (a second Escape clears the box). With the box empty the list is an A–Å
// index of every term. Markup and styles live in an open shadow root and are themed with the
// same custom properties as the cards.

const SEARCH_STRINGS = {
  da: {
    label: 'Søg i ordbogen',
    placeholder: 'Søg efter et begreb …',
    none: 'Ingen resultater',
    count: (n) => (n === 1 ? '1 resultat' : `${n} resultater`),
    index: 'Alle begreber',
    letters: 'Begyndelsesbogstav',
    opened: (title) => `Forklaringen af ${title} er åbnet`,
  },
  en: {
    label: 'Search the glossary',
    placeholder: 'Search for a term …',
    none: 'No results',
    count: (n) => (n === 1 ? '1 result' : `${n} results`),
    index: 'All terms',
    letters: 'First letter',
    opened: (title) => `The explanation of ${title} is open`,
  },
};

const SEARCH_CSS = `
:host { display: block; max-width: var(--forklar-search-max-width, 32rem); }
.box {
  all: initial;
  display: block;
  font: var(--forklar-card-font, 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  /* The label stands on the page's own background, which the widget cannot know (a light-only
     page under a dark colour scheme, a dark page under a light one): it takes the page's text
     colour, which the page has made readable there. Everything else has a background of its
     own, the card's, and the card's colours to go with it. */
  color: inherit;
}
label { display: block; font-weight: 600; margin-bottom: 0.3em; }
input {
  box-sizing: border-box;
  width: 100%;
  font: inherit;
  color: var(--forklar-card-fg, #1d2330);
  padding: 0.5em 0.7em;
  border: var(--forklar-card-border, 1px solid #c9ced8);
  border-radius: var(--forklar-card-radius, 10px);
  background: var(--forklar-card-bg, #ffffff);
}
input:focus-visible { outline: 2px solid var(--forklar-card-accent, #1f5fbf); outline-offset: 1px; }
.letters { display: flex; flex-wrap: wrap; gap: 0.15em; margin: 0.5em 0 0; padding: 0; }
.letters button {
  font: inherit; font-size: 0.85em; min-width: 1.9em; padding: 0.15em 0.3em;
  border: 1px solid transparent; border-radius: 4px; cursor: pointer;
  background: var(--forklar-card-bg, #ffffff);
  color: var(--forklar-card-accent, #1f5fbf);
}
.letters button[aria-pressed="true"] { border-color: currentColor; font-weight: 700; }
.letters button:focus-visible { outline: 2px solid currentColor; }
ul {
  list-style: none; margin: 0.4em 0 0; padding: 0.25em;
  max-height: var(--forklar-search-list-height, 22rem); overflow: auto;
  border: var(--forklar-card-border, 1px solid #c9ced8);
  border-radius: var(--forklar-card-radius, 10px);
  background: var(--forklar-card-bg, #ffffff);
  color: var(--forklar-card-fg, #1d2330);
}
ul:empty, ul[hidden] { display: none; }
li { padding: 0.4em 0.6em; border-radius: 6px; cursor: pointer; }
/* The active option is where the keyboard is (focus stays in the field): its background alone
   was 1.16:1 against the list's, so an outline in the accent colour marks it, and forced
   colours, which replace backgrounds, use Highlight for it. */
li[aria-selected="true"] {
  background: var(--forklar-search-active-bg, #e8eefb);
  outline: 2px solid var(--forklar-card-accent, #1f5fbf);
  outline-offset: -2px;
}
@media (forced-colors: active) { li[aria-selected="true"] { outline-color: Highlight; } }
.title { font-weight: 650; display: block; }
.snippet { display: block; font-size: 0.88em; opacity: 0.85; }
mark { background: var(--forklar-search-highlight, #fff0a8); color: inherit; border-radius: 2px; }
[hidden] { display: none !important; }
.status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  input, ul { color: var(--forklar-card-fg, #e6e9ef); border: var(--forklar-card-border, 1px solid #3a4356); }
  input, ul, .letters button { background: var(--forklar-card-bg, #1c2230); }
  li[aria-selected="true"] { background: var(--forklar-search-active-bg, #2b3650); outline-color: var(--forklar-card-accent, #8ab4ff); }
  /* The light scheme's accent is 2.95:1 on a dark page; this one is 8:1. */
  input:focus-visible { outline-color: var(--forklar-card-accent, #8ab4ff); }
  mark { background: var(--forklar-search-highlight, #6b5a12); }
  .letters button { color: var(--forklar-card-accent, #8ab4ff); }
}
`;

let searchSheet = null;
let searchSeq = 0;

// Keys that edit or move in a text field, and the modifiers typing uses on their own.
const EDITING_KEYS = new Set(['Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
  'Home', 'End', 'Shift', 'CapsLock', 'AltGraph', 'Control', 'Alt', 'Meta']);

// Builds a <forklar-search> class bound to the widget's API. `api` has ready, search,
// articles, openCard(slug, anchor, { avoid, returnTo }) and closeCard(root).
function defineSearchElement(api, lang) {
  // A page without custom elements (or whose registry throws) has no search box; marks and
  // cards work without it.
  try {
    if (!window.customElements || customElements.get('forklar-search')) return;
  } catch (err) {
    return;
  }
  const uiLang = SEARCH_STRINGS[lang] ? lang : 'da';
  const t = SEARCH_STRINGS[uiLang];

  class ForklarSearch extends HTMLElement {
    connectedCallback() {
      // No `data-forklar-skip` on the page's element: the annotator skips this tag by name, and
      // an attribute would outlive `forklar.destroy()`.
      if (this.root) return;
      const id = `forklar-search-${++searchSeq}`;
      // The root is kept as attachShadow returns it: a page that makes every shadow root
      // closed leaves `this.shadowRoot` null.
      const shadow = this.attachShadow({ mode: 'open' });
      this.root = shadow;
      if (!searchSheet) {
        searchSheet = new CSSStyleSheet();
        searchSheet.replaceSync(SEARCH_CSS);
      }
      shadow.adoptedStyleSheets = [searchSheet];
      // Left to right whatever the page's direction (`all: initial` does not reset it), and
      // the widget's own texts in the labels' language; a label the page gave is the page's
      // and keeps its language, with its direction from its text. The results are marked with
      // the articles' language where they are made.
      const box = el('div', { class: 'box', dir: 'ltr' });
      const pageLabel = this.getAttribute('label');
      const label = el('label', pageLabel ? { for: 'input', dir: 'auto' } : { for: 'input', lang: uiLang }, pageLabel || t.label);
      const input = el('input', {
        id: 'input',
        type: 'search',
        role: 'combobox',
        autocomplete: 'off',
        spellcheck: 'false',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': 'list',
        placeholder: this.getAttribute('placeholder') || t.placeholder,
      });
      const letters = el('div', { class: 'letters', role: 'group', 'aria-label': t.letters, lang: uiLang, hidden: '' });
      // The list scrolls, which would make it a Tab stop of its own where no key does anything:
      // it is operated from the field (and the letters), as the combobox pattern has it.
      const list = el('ul', { id: 'list', role: 'listbox', 'aria-label': t.label, lang: uiLang, tabindex: '-1' });
      const status = el('div', { class: 'status', role: 'status', 'aria-live': 'polite', lang: uiLang });
      box.append(label, input, letters, list, status);
      shadow.append(box);
      this.parts = { input, list, letters, status, id };
      this.items = [];
      this.active = -1;
      this.shown = null; // the query the list shows ('' for the A–Å index), null when closed
      this.letter = null;
      this.groups = null; // the A–Å index, made at its first showing

      input.addEventListener('input', () => this.update());
      // Focus coming in from the page fills the list. Focus coming back to a list that shows
      // what the field holds (from a result's card, closed) leaves it as it is: made anew, it
      // lost the reader's active option and announced its count again.
      input.addEventListener('focus', () => {
        if (this.quiet || (!list.hidden && this.shown === input.value)) return;
        this.update();
      });
      // A key the box acts on is recorded, for `ownsKey`: a page's own listener may have
      // prevented its default before the box saw it, and that key is the page's.
      const acting = (handle) => (event) => {
        const before = event.defaultPrevented;
        handle(event);
        if (!before && event.defaultPrevented) this.acted = event;
      };
      input.addEventListener('keydown', acting((event) => this.key(event)));
      letters.addEventListener('keydown', acting((event) => this.letterKey(event)));
      // Outside the shadow root a key typed in the field is retargeted to <forklar-search>, so a
      // page's shortcut guard that checks for an INPUT in `document.activeElement` (Sphinx's,
      // and many like it) took an "s" or "/" typed here for its shortcut. Text and editing keys
      // typed in the field end at the shadow root, as do the keys the box acted on; Tab and the
      // page's Ctrl or Cmd shortcuts still reach the page, for its focus traps and menus.
      this.held = new Set();
      for (const type of ['keydown', 'keypress', 'keyup']) {
        shadow.addEventListener(type, (event) => {
          if (this.ownsKey(event)) event.stopPropagation();
        });
      }
      list.addEventListener('click', (event) => {
        const li = event.target instanceof Element && event.target.closest('li[role="option"]');
        if (li) this.choose(Number(li.dataset.index));
      });
      list.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the box
      // The list is the box's popup: it closes when the reader moves on, by focus or by a press
      // elsewhere, as a select's does. The card opened from a result stands by its option and
      // keeps it open; `away` follows the reader out of that card. Focus that goes nowhere
      // closes nothing: that is a press on text or on a button a click does not focus (as in
      // Safari), inside the box or its card, which `away` has seen already; a phone's keyboard
      // put away, so the reader can scroll the results; another window; or a letter button the
      // A–Å index has just made anew.
      this.addEventListener('focusout', (event) => {
        if (event.relatedTarget && !this.holds(event.relatedTarget)) this.collapse();
      });
      this.away = (event) => {
        if (!event.composedPath().some((node) => this.holds(node))) this.collapse();
      };
    }

    disconnectedCallback() {
      if (this.parts) this.collapse();
    }

    // Whether `node` belongs with the box: the box (shadow targets are retargeted to it) or the
    // card of one of its results, which goes right after it.
    holds(node) {
      return node instanceof Node
        && (this.contains(node) || (node === this.nextElementSibling && node.localName === 'forklar-card'));
    }

    // Whether a key event is the box's alone (see connectedCallback).
    ownsKey(event) {
      const { key } = event;
      if (key === 'Tab') return false;
      // A key the box acted on (an arrow, Enter on a result, the Escape that closes the list),
      // and the release of that key.
      if (event.type === 'keydown' && event === this.acted) {
        if (event.code) this.held.add(event.code);
        return true;
      }
      if (event.type === 'keyup' && event.code && this.held.delete(event.code)) return true;
      if (event.composedPath()[0] !== this.parts.input) return false;
      // An input method at work, or a virtual keyboard that does not say which key it was.
      if (event.isComposing || key === 'Process' || key === 'Unidentified' || key === 'Dead') return true;
      // AltGr reports Ctrl and Alt together, and types text (the @ on a Danish keyboard).
      const command = (event.ctrlKey && !event.altKey) || event.metaKey;
      if (command) return /^[acvxyz]$/i.test(key) || EDITING_KEYS.has(key);
      // One character, counted in code points: an emoji key is two UTF-16 units, "F1" a name.
      return [...key].length === 1 || EDITING_KEYS.has(key);
    }

    // Focus back to the field, without the refill of the list that focus coming in from the
    // page brings: the list the reader is using stays as it is.
    focusField() {
      this.quiet = true;
      try {
        this.parts.input.focus();
      } finally {
        this.quiet = false;
      }
    }

    // Keys on a letter of the A–Å index. The letters lead into the list rather than being a
    // dead end: an arrow goes back to the field, which holds focus while the arrows move through
    // the options, and chooses the first or last term of the letter, so Enter opens its card;
    // Escape closes the index as it does from the field.
    letterKey(event) {
      const { list } = this.parts;
      switch (event.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          if (list.hidden || !this.items.length) return;
          event.preventDefault();
          this.focusField();
          this.move(event.key === 'ArrowDown' ? 1 : -1);
          break;
        case 'Escape':
          event.preventDefault();
          this.focusField();
          this.collapse();
          break;
        default:
      }
    }

    showList() {
      this.parts.list.hidden = false;
      document.addEventListener('focusin', this.away, true);
      document.addEventListener('pointerdown', this.away, true);
    }

    collapse() {
      const { input, list, letters, status } = this.parts;
      // What the status said (a count, a card opened) is no longer so.
      status.textContent = '';
      document.removeEventListener('focusin', this.away, true);
      document.removeEventListener('pointerdown', this.away, true);
      api.closeCard(this.root);
      list.hidden = true;
      letters.hidden = true;
      this.shown = null;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    async update() {
      const { input, letters, status } = this.parts;
      try {
        await api.ready;
      } catch (err) {
        return;
      }
      // Focus may have left while the module loaded: the list opens only for a reader still here.
      if (!this.root.activeElement) return;
      const query = input.value;
      if (query.trim() === '') {
        this.showIndex();
        return;
      }
      letters.hidden = true;
      const hits = api.search(query, { limit: 8 });
      this.render(hits.map((h) => ({ slug: h.slug, title: h.title, text: h.snippet || h.description, highlights: h.snippet ? h.highlights : [] })));
      status.textContent = hits.length ? t.count(hits.length) : t.none;
      this.showList();
      this.shown = query;
    }

    // The A–Å index: letter buttons, and the terms of the chosen letter as the list.
    showIndex() {
      const { letters, status } = this.parts;
      // Grouped once per box: sorting every title again at each focus took about 90 ms at
      // 30,000 articles. One collator, because `localeCompare` with a locale builds one per call.
      if (!this.groups) {
        const collator = new Intl.Collator('da');
        const articles = api.articles().slice().sort((a, b) => collator.compare(a.title, b.title));
        this.groups = new Map();
        for (const a of articles) {
          const first = a.title.charAt(0).toLocaleUpperCase('da');
          if (!this.groups.has(first)) this.groups.set(first, []);
          this.groups.get(first).push(a);
        }
      }
      const groups = this.groups;
      if (!this.letter || !groups.has(this.letter)) this.letter = groups.keys().next().value;
      // The buttons are made anew; a reader on one of them stays on the same letter.
      const focused = this.root.activeElement;
      const focusedLetter = focused && letters.contains(focused) ? focused.textContent : null;
      letters.replaceChildren();
      for (const letter of groups.keys()) {
        const b = el('button', { type: 'button', 'aria-pressed': String(letter === this.letter) }, letter);
        b.addEventListener('click', () => {
          this.letter = letter;
          this.showIndex();
        });
        letters.append(b);
        if (letter === focusedLetter) b.focus();
      }
      letters.hidden = false;
      const entries = groups.get(this.letter) || [];
      this.render(entries.map((a) => ({ slug: a.slug, title: a.title, text: a.description, highlights: [] })));
      this.showList();
      status.textContent = `${t.index}: ${this.letter}, ${t.count(entries.length)}`;
      this.shown = '';
    }

    render(items) {
      const { input, list, id } = this.parts;
      // A card open from the old results stands by an option about to go, and would cover the
      // new ones: it closes with them.
      api.closeCard(this.root);
      this.items = items;
      this.active = -1;
      list.replaceChildren();
      items.forEach((item, i) => {
        const li = el('li', { role: 'option', id: `${id}-opt-${i}`, 'aria-selected': 'false', 'data-index': String(i), 'data-slug': item.slug, lang: ARTICLE_LANG });
        const title = el('span', { class: 'title' }, item.title);
        const text = el('span', { class: 'snippet' });
        // Highlights are UTF-16 ranges, the unit of JavaScript strings, so slicing is direct.
        let at = 0;
        for (const [start, end] of item.highlights) {
          if (start < at) continue;
          text.append(item.text.slice(at, start), el('mark', {}, item.text.slice(start, end)));
          at = end;
        }
        text.append(item.text.slice(at));
        li.append(title, text);
        list.append(li);
      });
      input.setAttribute('aria-expanded', String(items.length > 0));
      input.removeAttribute('aria-activedescendant');
    }

    move(delta) {
      if (!this.items.length) return;
      const { input, list } = this.parts;
      const n = this.items.length;
      this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
      for (const li of list.children) li.setAttribute('aria-selected', String(Number(li.dataset.index) === this.active));
      const li = list.children[this.active];
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    }

    // Opens the card of result `index`. The card must not cover the field being typed in, and
    // focus stays there, so the reader can go on typing (the next keystroke closes the card);
    // Tab goes into the card, and focus comes back to the field when it closes. The status
    // region says that it opened: a screen reader said nothing, and the card was not there for
    // its reader.
    choose(index) {
      const item = this.items[index];
      const li = this.parts.list.children[index];
      const { input, status } = this.parts;
      if (item && li && api.openCard(item.slug, li, { avoid: input, returnTo: input, focus: false })) {
        status.textContent = t.opened(item.title);
      }
    }

    key(event) {
      const { input, list } = this.parts;
      // A key an input method is using (Enter that commits the letters being composed, an arrow
      // choosing among its candidates) is the input method's, not the list's.
      if (event.isComposing) return;
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          // A closed list is filled first (asynchronously), then its first option is chosen.
          if (list.hidden) this.update().then(() => this.move(1));
          else this.move(1);
          break;
        case 'ArrowUp':
          event.preventDefault();
          if (list.hidden) this.update().then(() => this.move(-1));
          else this.move(-1);
          break;
        case 'Enter':
          // Only what the reader can see: not the options of a list Escape has closed.
          if (!list.hidden && this.items.length) {
            event.preventDefault();
            this.choose(this.active < 0 ? 0 : this.active);
          }
          break;
        case 'Escape':
          if (!list.hidden && this.items.length) {
            // A search box's own Escape would clear it too: the first one only closes the list.
            event.preventDefault();
            this.collapse();
          } else {
            input.value = '';
            this.render([]);
            this.collapse();
            this.parts.status.textContent = '';
          }
          break;
        default:
      }
    }
  }

  try {
    customElements.define('forklar-search', ForklarSearch);
  } catch (err) {
    // see the top of this function
  }
}
