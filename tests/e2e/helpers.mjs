// Shared set-up for the end-to-end tests: one headless Chromium per test file, a page that
// records everything the console says, and the URL of the server `cargo xtask test` started.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.FORKLAR_URL ?? 'http://127.0.0.1:8000';
export const ROOT = process.env.FORKLAR_ROOT ?? new URL('../..', import.meta.url).pathname;

// The flags this machine kind needs as root and offline (see the README's notes).
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ARGS,
  });
}

/**
 * Opens `path` in a new page and records console messages, page errors, failed requests,
 * dialogs and every request URL.
 */
export async function open(browser, path, { before, waitUntil = 'load' } = {}) {
  const page = await browser.newPage();
  const log = { console: [], errors: [], failed: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.failed.push(r.url()));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  if (before) await before(page);
  await page.goto(BASE + path, { waitUntil });
  return { page, log };
}

/** Asserts that the page said nothing alarming. */
export function assertClean(log) {
  assert.deepEqual(log.console, [], 'console errors or warnings');
  assert.deepEqual(log.errors, [], 'uncaught page errors');
  assert.deepEqual(log.failed, [], 'failed requests');
  assert.deepEqual(log.dialogs, [], 'dialogs');
}

/** Slugs of the articles in a content folder, from file names and `slug:` fields. */
export function contentSlugs(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const front = text.split(/\r?\n---\r?\n/)[0];
      const slug = front.match(/^slug:\s*(\S+)\s*$/m);
      return slug ? slug[1] : f.slice(0, -3);
    })
    .sort();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page and returns its serious and critical violations as lines. The page
 * must come from a context with `bypassCSP`, since axe is injected as an inline script.
 */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}
