// The first part of the bundle, before the wasm-bindgen glue: it requests and compiles the Wasm
// file while the rest of the script is still being evaluated, so download and streaming
// compilation start as early as they can. `loader.js` hands the pending module to the glue.
//
// The Wasm file is found next to this script: its URL is resolved against the script's own
// `src`, so the bundle works from any folder or CDN path without configuration.

// Our own script tag, for the Wasm file's address and the options (its data- attributes):
// `document.currentScript`, or when that is null (a module script, a tag injected late) the
// last tag whose file name is ours.
function ownTag() {
  if (document.currentScript) return document.currentScript;
  const tags = document.getElementsByTagName('script');
  for (let i = tags.length - 1; i >= 0; i--) {
    if (/forklar(\.min)?\.js(?:[?#]|$)/.test(tags[i].src)) return tags[i];
  }
  return null;
}
const tag = ownTag();

// The script's own URL when there is no tag: loaded with `import('…/forklar.js')`, which makes
// it a module, whose `document.currentScript` is null and which has no tag to find (and
// `import.meta` cannot be used: the bundle is also a classic script, where it is a syntax
// error). A stack trace taken now names the file being run in its first frame with a URL (`at
// https://…/forklar.js:1:234` in Chromium, `@https://…/forklar.js:1:234` in Firefox and
// Safari). It is taken only when it names a file of ours, not from a bundle renamed, inlined or
// evaluated from a string; then the page's base is all there is.
function stackUrl() {
  try {
    for (const line of String(new Error().stack).split('\n')) {
      const m = /([a-z][\w+.-]*:\/\/\S+?):\d+:\d+\)?$/i.exec(line.trim());
      if (m) return /\/forklar(\.min)?\.js(?:[?#]|$)/.test(m[1]) ? m[1] : null;
    }
  } catch (err) {
    // No stack (a page that replaced Error): the page's base, as before.
  }
  return null;
}
const ownUrl = (tag && tag.src) || stackUrl();

function scriptUrl() {
  return ownUrl || document.baseURI;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

// The module is compiled here, and the glue gets the compiled module rather than the response:
// the glue tests `instanceof Response` against the page's global, which a page that replaced
// `Response` (a fetch polyfill) fails, and it falls back with a warning of its own for a server
// that sends another type than application/wasm. Every way this can fail rejects
// `forklar.ready` with one message that says what was wrong with which file.
const wasmUrl = new URL('forklar_bg.wasm', scriptUrl());
// A file that does not compile (damaged, or a CSP without 'wasm-unsafe-eval') is named too.
const compiled = (compiling) => compiling.catch((err) => {
  throw new Error(`${wasmUrl.href}: ${err && err.message}`);
});
const wasmModule = fetch(wasmUrl).then(
  (response) => {
    if (!response.ok) throw new Error(`${wasmUrl.href}: HTTP ${response.status}`);
    const type = (response.headers.get('Content-Type') || '').split(';')[0].trim();
    const fromBytes = () => response.arrayBuffer().then((bytes) => {
      const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
      if (!WASM_MAGIC.every((b, i) => head[i] === b)) {
        throw new Error(`${wasmUrl.href} is not a WebAssembly file (the server sent ${type || 'no content type'})`);
      }
      return compiled(WebAssembly.compile(bytes));
    });
    if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
      // A page whose `fetch` is a polyfill over XMLHttpRequest (Pretender, Mirage) answers
      // with an object of its own, which streaming compilation refuses with a TypeError before
      // reading it: its bytes are compiled instead. A real response that failed has had its
      // body read (`bodyUsed`), and its error stands.
      return WebAssembly.compileStreaming(response).catch((err) => {
        if (err && err.name === 'TypeError' && response.bodyUsed !== true) return fromBytes();
        return compiled(Promise.reject(err));
      });
    }
    return fromBytes();
  },
  (err) => {
    // A host on another origin that does not allow it looks like a network error to scripts.
    const hint = wasmUrl.origin !== window.location.origin
      ? ' (a host on another origin must send Access-Control-Allow-Origin)'
      : '';
    throw new Error(`${wasmUrl.href}: ${err && err.message}${hint}`);
  },
);
