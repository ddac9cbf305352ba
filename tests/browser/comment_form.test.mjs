// The comment form in a real browser: Debian's Chromium driven by playwright-core.
// Run: cd tests/browser && npm ci && QUIRE_BIN=/path/to/quire node --test
// Starts its own `quire serve` on a fresh data folder (loopback, random port).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { QuireServer } from './quire_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const outDir = path.join(here, 'out');

const AWAITING = 'Your comment is awaiting moderation.';
const REQUIRED = 'Please fill the required fields.';

let dataDir;
let quire;
let baseUrl;
let browser;
let postUrl;

function cli(...args) {
  return quire.cli(args);
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-browser-'));
  quire = new QuireServer(dataDir);
  baseUrl = await quire.start();
  cli('settings', 'set', 'comment_flood_seconds', '0');
  await new Promise((r) => setTimeout(r, 1500));  // settings reach the server within a second
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  const code = await quire.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  assert.equal(code, 0, `quire serve exited ${code} after SIGTERM\n${quire.log.slice(-5000)}`);
});

async function openSamplePost(page) {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Hello world!' }).first().click();
  await page.waitForLoadState('domcontentloaded');
  assert.match(new URL(page.url()).pathname, /^\/\d{4}\/\d{2}\/\d{2}\/hello-world\/$/);
  return page.url();
}

async function fillForm(page, { comment, author, email, url }) {
  await page.fill('#comment', comment);
  await page.fill('#author', author);
  await page.fill('#email', email);
  if (url !== undefined) await page.fill('#url', url);
}

// The spam defence marks a form sent within spam_min_submit_seconds (3) of its rendering as
// spam; a person takes longer, and so does this test: it waits until the stamp is old enough.
async function waitUntilTheFormIsOldEnough(page) {
  const stamp = await page.inputValue('#commentform input[name="quire_stamp"]');
  const rendered = Number(stamp.split('.')[0]) * 1000;
  assert.ok(rendered > 0, `no form stamp: ${stamp}`);
  const wait = rendered + 4000 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

async function submit(page) {
  await waitUntilTheFormIsOldEnough(page);
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
    page.getByRole('button', { name: 'Post Comment' }).click(),
  ]);
  return response;
}

test('the comment form in Chromium', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    postUrl = await openSamplePost(page);
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'post.png'), fullPage: true });

    await t.test('a first comment is held and shown to its author', async () => {
      await fillForm(page, {
        comment: 'Hello from Chromium — milli həmrəylik!', author: 'Browser Person',
        email: 'browser.person@example.com', url: 'https://browser.example/',
      });
      const response = await submit(page);
      assert.equal(response.status(), 200);
      const landed = new URL(page.url());
      assert.equal(landed.origin + landed.pathname, postUrl);
      assert.ok(landed.searchParams.get('unapproved'), `no unapproved in ${page.url()}`);
      assert.match(landed.hash, /^#comment-\d+$/);
      const held = page.locator(landed.hash);
      await held.waitFor();
      assert.match(await held.innerText(), /Hello from Chromium — milli həmrəylik!/);
      assert.match(await held.innerText(), new RegExp(AWAITING));
      await page.screenshot({ path: path.join(outDir, 'held-comment.png'), fullPage: true });
    });

    await t.test('consent saves name, email and website for next time', async () => {
      await page.goto(postUrl);
      await fillForm(page, {
        comment: 'A second thought, with cookies.', author: 'Browser Person',
        email: 'browser.person@example.com', url: 'https://browser.example/',
      });
      await page.check('#wp-comment-cookies-consent');
      const response = await submit(page);
      assert.equal(response.status(), 200);
      await page.locator(new URL(page.url()).hash).waitFor();
      assert.match(await page.content(), new RegExp(AWAITING));
      const names = (await context.cookies()).map((c) => c.name).sort();
      assert.deepEqual(names, ['comment_author_email_quire', 'comment_author_quire',
        'comment_author_url_quire']);

      await page.goto(postUrl);
      assert.equal(await page.inputValue('#author'), 'Browser Person');
      assert.equal(await page.inputValue('#email'), 'browser.person@example.com');
      assert.equal(await page.inputValue('#url'), 'https://browser.example/');
      assert.equal(await page.isChecked('#wp-comment-cookies-consent'), true);
      assert.equal(await page.inputValue('#comment'), '');
    });

    await t.test('a refusal keeps the typed comment', async () => {
      await page.goto(postUrl);
      await page.evaluate(() => { document.getElementById('commentform').noValidate = true; });
      await page.fill('#author', '');
      const typed = 'This text must survive the refusal.\nLine two.';
      await page.fill('#comment', typed);
      const response = await submit(page);
      assert.equal(response.status(), 400);
      const error = page.locator('#comment-error');
      await error.waitFor();
      assert.equal((await error.innerText()).trim(), `Error: ${REQUIRED}`);
      assert.equal(await page.inputValue('#comment'), typed);
      assert.equal(await page.inputValue('#email'), 'browser.person@example.com');
      await page.screenshot({ path: path.join(outDir, 'refusal.png'), fullPage: true });
    });
  } finally {
    await context.close();
  }
});
