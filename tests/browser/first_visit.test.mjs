// The first visit to an article, as a reader's browser makes it (empty cache): every byte the
// page moves over the network, HTML, CSS, JS, fonts and the hero picture, must fit in
// 100 KiB, at a mid-range phone's viewport and at a desktop's; the Arabic text must be drawn
// with the web font (Noto Naskh Arabic, subset by scripts/fonts), not a fallback. The
// breakdown is printed. A last test takes screenshots of the headline and the body with a
// specimen of harakat, both digit systems and punctuation (tests/browser/screenshots/,
// not committed) for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startWarraq } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
const BUDGET = 100 * 1024;
const FAMILY = 'Noto Naskh Arabic';

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.6, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
];

let server;
let browser;
let articleUrl;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startWarraq();
  browser = await launchChromium();
  // Found outside the browser, so the home page's bytes are not in the article's count.
  const home = await (await fetch(server.baseUrl + '/')).text();
  const href = home.match(/href="(\/article\/[^"]+)"/)?.[1];
  assert.ok(href, 'the home page links to an article');
  articleUrl = server.baseUrl + href;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const KINDS = { Document: 'HTML', Stylesheet: 'CSS', Script: 'JS', Font: 'fonts', Image: 'pictures' };
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// Opens the article in a fresh context (empty cache) and records, through the DevTools
// protocol, the bytes each request moved (headers and body as received, compressed).
async function firstVisit(device) {
  const { name, ...options } = device;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, kind: KINDS[e.type] || e.type || 'other', bytes: 0, done: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) {
      r.kind = KINDS[e.type] || r.kind;
      r.encoding = e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '';
      r.status = e.response.status;
    }
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { failed: e.errorText, done: true });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

  await page.goto(articleUrl, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const hero = page.locator('article.story figure img').first();
  await hero.evaluate((img) => img.complete || new Promise((r) => { img.onload = r; img.onerror = r; }));
  await page.waitForLoadState('networkidle');
  return { context, page, cdp, requests: [...requests.values()] };
}

// The fonts Chromium actually drew a node's text with.
async function fontsDrawing(page, cdp, selector) {
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  assert.ok(nodeId, `${selector} is on the page`);
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts;
}

function report(name, requests) {
  const byKind = {};
  for (const r of requests) byKind[r.kind] = (byKind[r.kind] || 0) + r.bytes;
  const total = requests.reduce((sum, r) => sum + r.bytes, 0);
  const lines = [`first visit, ${name}: ${total} bytes (${kib(total)}) in ${requests.length} requests; budget ${kib(BUDGET)}`];
  for (const [kind, bytes] of Object.entries(byKind).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${kind.padEnd(9)} ${String(bytes).padStart(7)} B  ${kib(bytes)}`);
  }
  for (const r of requests) {
    const path = new URL(r.url).pathname;
    lines.push(`    ${String(r.bytes).padStart(7)} B  ${r.kind.padEnd(8)} ${r.status ?? '-'} ${r.encoding || 'identity'}  ${decodeURIComponent(path)}${r.failed ? ` FAILED ${r.failed}` : ''}`);
  }
  console.log(lines.join('\n'));
  return total;
}

for (const device of VIEWPORTS) {
  test(`an article's first visit moves at most 100 KiB with its hero picture (${device.name}, ${device.viewport.width} px × ${device.deviceScaleFactor})`, async () => {
    const { context, page, cdp, requests } = await firstVisit(device);
    try {
      assert.ok(requests.every((r) => r.done && !r.failed), 'every request finished');
      assert.ok(requests.some((r) => r.kind === 'pictures'), 'the hero picture was loaded');
      const total = report(device.name, requests);

      // The Arabic faces are loaded and draw the headline and the body.
      const faces = await page.evaluate((family) => {
        const covers = (range, cp) => range.split(',').some((part) => {
          const [first, last = first] = part.trim().replace(/^U\+/i, '').split('-');
          return parseInt(first.replace(/\?/g, '0'), 16) <= cp && cp <= parseInt(last.replace(/\?/g, 'f'), 16);
        });
        return [...document.fonts]
          .filter((f) => f.family.replace(/"/g, '') === family)
          .map((f) => ({ weight: f.weight, arabic: covers(f.unicodeRange, 0x628), status: f.status }));
      }, FAMILY);
      const arabic = (weight) => faces.find((f) => f.weight === weight && f.arabic);
      assert.equal(arabic('400')?.status, 'loaded', 'the regular Arabic face is loaded');
      assert.equal(arabic('700')?.status, 'loaded', 'the bold Arabic face (headline) is loaded');
      assert.ok(await page.evaluate((f) => document.fonts.check(`16px "${f}"`, 'العربية'), FAMILY));
      for (const selector of ['article.story h1', 'article.story .story-body p']) {
        const fonts = await fontsDrawing(page, cdp, selector);
        const glyphs = fonts.reduce((sum, f) => sum + f.glyphCount, 0);
        const web = fonts.filter((f) => f.isCustomFont && f.familyName === FAMILY).reduce((sum, f) => sum + f.glyphCount, 0);
        assert.ok(web > 0 && web >= glyphs * 0.95,
          `${selector} is drawn with ${FAMILY}: ${JSON.stringify(fonts)}`);
      }
      assert.ok(total <= BUDGET, `the first visit moved ${total} bytes (${kib(total)}), over ${kib(BUDGET)}`);
    } finally {
      await context.close();
    }
  });
}

// Harakat, tatweel, lam-alef and the Allah ligature, both digit systems, Arabic and Latin
// punctuation, a Latin agency name: what an article may set, drawn for a person to check.
const SPECIMEN = 'قالَ المُتحدِّثُ الرسميُّ: «ارتفعتِ الأسعارُ بنسبةِ ١٢٫٥٪ (12.5%) في عامِ ٢٠٢٤ — أي 2024؛ فهل تستمرُّ؟» '
  + 'هٰذا ما نُشِرَ في 3/12، والسعرُ 1,250 دولاراً، لا إلّا بإذنِ الله. الـعـربـيـة … وكالة AFP و«Reuters»! '
  + 'ڤيينا، پاريس، گوگل، چاد، ژ.';

test('screenshots: the headline and the body with harakat, both digit systems and punctuation', async () => {
  for (const device of VIEWPORTS) {
    const { name, ...options } = device;
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(articleUrl);
    await page.evaluate((text) => {
      const p = document.createElement('p');
      p.textContent = text;
      const body = document.querySelector('article.story .story-body');
      body.insertBefore(p, body.firstChild);
      const h = document.querySelector('article.story h1');
      h.textContent = `${h.textContent} «١٢» 12؟`;
    }, SPECIMEN);
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    await page.locator('article.story .story-body p').first().scrollIntoViewIfNeeded();
    await page.locator('article.story h1').scrollIntoViewIfNeeded();
    const tag = process.env.FIRST_VISIT_SHOT_TAG ? `-${process.env.FIRST_VISIT_SHOT_TAG}` : '';
    await page.locator('article.story h1').screenshot({ path: join(shots, `first-visit-headline-${name}${tag}.png`) });
    await page.locator('article.story .story-body p').first().screenshot({ path: join(shots, `first-visit-specimen-${name}${tag}.png`) });
    await context.close();
  }
});
