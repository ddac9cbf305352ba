// Media in a real browser (Debian's Chromium driven by playwright-core): an administrator logs
// in, uploads an image in the media library, pastes the HTML snippet it shows into a new post,
// publishes it, opens the post and sees the image loaded, with its srcset.
// Run: cd tests/browser && npm ci && QUIRE_BIN=/path/to/quire node --test
// Starts its own `quire serve` on a fresh data folder (loopback, random port).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { QuireServer } from './quire_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const outDir = path.join(here, 'out');

const ADMIN = { login: 'ada', email: 'ada@example.com', password: 'correct horse battery staple' };

let dataDir;
let quire;
let baseUrl;
let browser;

function cli(args, input = '') {
  return quire.cli(args, input);
}

// A width x height RGB gradient as a PNG file.
function makePng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) {
      rows[row + 1 + x * 3] = Math.floor((x * 255) / width);
      rows[row + 2 + x * 3] = Math.floor((y * 255) / height);
      rows[row + 3 + x * 3] = 128;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-browser-media-'));
  quire = new QuireServer(dataDir);
  cli(['init']);  // a new site, so that a user can be added before it starts
  cli(['user', 'add', ADMIN.login, '--email', ADMIN.email, '--role', 'administrator'],
    `${ADMIN.password}\n`);
  baseUrl = await quire.start();
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

test('upload an image, insert it in a post, publish, and see it on the page', async (t) => {
  const page = await browser.newPage();
  t.after(async () => {
    if (t.passed === false) {
      fs.mkdirSync(outDir, { recursive: true });
      await page.screenshot({ path: path.join(outDir, 'media-failure.png'), fullPage: true });
    }
    await page.close();
  });
  const imageFile = path.join(dataDir, 'Lighthouse at dusk.png');
  fs.writeFileSync(imageFile, makePng(1400, 900));

  await page.goto(new URL('/admin/login?redirect_to=%2Fadmin%2Fmedia%2F', baseUrl).href);
  await page.fill('#user_login', ADMIN.login);
  await page.fill('#user_pass', ADMIN.password);
  await Promise.all([page.waitForURL(/\/admin\/media\/$/), page.click('#wp-submit')]);

  await page.setInputFiles('#media-file', imageFile);
  await Promise.all([page.waitForURL(/\/admin\/media\/\?uploaded=\d+$/),
    page.click('#media-upload button[type="submit"]')]);
  assert.match(await page.textContent('.notice-success'), /File uploaded\./);
  const snippet = await page.inputValue('#media-html');
  assert.match(snippet, /^<img src="\/wp-content\/uploads\/\d{4}\/\d{2}\/lighthouse-at-dusk\.png"/);

  await page.goto(new URL('/admin/posts/new/', baseUrl).href);
  await page.fill('#post_title', 'A lighthouse');
  await page.fill('#content', `The lighthouse at dusk:\n\n${snippet}\n`);
  await Promise.all([page.waitForURL(/\/admin\/posts\/\d+\/edit\//),
    page.click('button[name="action"][value="publish"]')]);
  const postUrl = await page.getAttribute('a.view-link', 'href');
  assert.ok(postUrl, 'the published post links to its page');

  await page.goto(new URL(postUrl, baseUrl).href);
  const img = page.locator('img[src*="/wp-content/uploads/"]').first();
  await img.scrollIntoViewIfNeeded();  // it loads lazily
  await page.waitForFunction(
    () => { const i = document.querySelector('img[src*="/wp-content/uploads/"]'); return i && i.complete; });
  const shown = await img.evaluate((i) => ({
    naturalWidth: i.naturalWidth, srcset: i.getAttribute('srcset'), currentSrc: i.currentSrc,
    width: i.getAttribute('width'), loading: i.getAttribute('loading'),
  }));
  assert.ok(shown.naturalWidth > 0, `the image loaded (${JSON.stringify(shown)})`);
  assert.match(shown.srcset, /lighthouse-at-dusk-300x193\.png 300w/);
  assert.match(shown.srcset, /lighthouse-at-dusk\.png 1400w/);
  assert.equal(shown.width, '1400');
  assert.equal(shown.loading, 'lazy');
  assert.match(shown.currentSrc, /\/wp-content\/uploads\/\d{4}\/\d{2}\/lighthouse-at-dusk/);
});
