// Forklar's loader. `cargo xtask dist` places this after the wasm-bindgen glue inside one
// function, so `wasm_bindgen` below is the glue's local and nothing leaks into the page but
// `window.forklar`.
//
// The Wasm file is found next to this script: its URL is resolved against the script's own
// `src`, so the bundle works from any folder or CDN path without configuration.

const script = document.currentScript;

// `document.currentScript` is null when the script is injected late or bundled; then look for
// our own tag by file name, and fall back to the page's base URL.
function scriptUrl() {
  if (script && script.src) return script.src;
  const tags = document.getElementsByTagName('script');
  for (let i = tags.length - 1; i >= 0; i--) {
    const src = tags[i].src;
    if (src && /forklar(\.min)?\.js(?:[?#]|$)/.test(src)) return src;
  }
  return document.baseURI;
}

let wasm = null;

function core() {
  if (!wasm) throw new Error('forklar: not ready yet; await forklar.ready first');
  return wasm;
}

const forklar = {};

// Resolves with `window.forklar` once the module is compiled and instantiated. Compilation is
// streamed when the server sends `application/wasm`.
const ready = wasm_bindgen({ module_or_path: new URL('forklar_bg.wasm', scriptUrl()) }).then(
  () => {
    wasm = wasm_bindgen;
    return forklar;
  },
);

// One clear line when the widget cannot start; the host page carries on untouched. The
// rejection still reaches whoever awaits `forklar.ready`.
ready.catch((err) => {
  console.error('forklar: could not start:', err);
});

Object.assign(forklar, {
  /** A Promise that resolves when the widget can be used. */
  ready,
  /** Metadata of every article: `{ slug, title, description, keywords }[]`, sorted by slug. */
  articles: () => core().articles(),
  /** The article known by this slug, title, alias or form, or `undefined`. */
  lookup: (slugOrTerm) => core().lookup(String(slugOrTerm)),
  /** An article body as sanitised HTML, or `undefined` for an unknown slug. */
  render: (slug) => core().render(String(slug)),
  /** The widget's version. */
  version: () => core().version(),
});

Object.defineProperty(window, 'forklar', {
  value: Object.freeze(forklar),
  configurable: true,
  enumerable: true,
  writable: false,
});
