// The first part of the bundle, before the wasm-bindgen glue: it requests the Wasm file while
// the rest of the script is still being evaluated, so download and streaming compilation start
// as early as they can. `loader.js` hands the pending response to the glue.
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

// A failed request rejects `forklar.ready` through the glue, which awaits this promise.
const wasmResponse = fetch(new URL('forklar_bg.wasm', scriptUrl()));
