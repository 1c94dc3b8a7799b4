// What a reader does to find news, in headless Chromium: search from the header of any
// page, see highlighted results, open one; and the Arabic message when nothing matches.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startWarraq } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startWarraq();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/// The longest word of a headline, without punctuation: a query that must find it.
function longestWord(headline) {
  return headline
    .split(/[\s«»"'،؛:.!?()\-]+/u)
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length)[0];
}

test('searching from the header finds an article, highlighted, and opens it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.baseUrl + '/');
  const headline = (
    await page.locator('main a[href^="/article/"]').filter({ hasText: /\S/ }).first().innerText()
  ).trim();
  const word = longestWord(headline);
  assert.ok(word, `a word to search for in «${headline}»`);

  // The index is built in the background at start-up: a first search may come too early.
  const deadline = Date.now() + 10_000;
  let hits = 0;
  while (Date.now() < deadline) {
    await page.goto(server.baseUrl + '/');
    const box = page.locator('header input[name="q"]');
    await box.fill(word);
    await box.press('Enter');
    await page.waitForLoadState('domcontentloaded');
    hits = await page.locator('.search-hit').count();
    if (hits > 0) break;
    await page.waitForTimeout(300);
  }
  assert.match(page.url(), /\/search\?q=/);
  assert.ok(hits > 0, `«${word}» finds something`);
  assert.ok((await page.locator('.search-hit mark').count()) > 0, 'matched words are highlighted');
  const titles = await page.locator('.search-hit-title a').allInnerTexts();
  assert.ok(
    titles.some((t) => t.trim() === headline),
    `«${headline}» is among the results: ${titles.join(' | ')}`,
  );

  const link = page.locator('.search-hit-title a').filter({ hasText: headline }).first();
  await link.click();
  await page.waitForLoadState('domcontentloaded');
  assert.equal((await page.locator('h1').first().innerText()).trim(), headline);
  await context.close();
});

test('a search that matches nothing says so in Arabic', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(server.baseUrl + '/search?q=' + encodeURIComponent('قشطبلونيا'));
  const empty = page.locator('.search-empty');
  await assert.doesNotReject(empty.waitFor(), 'the no-results message is shown');
  assert.match(await empty.innerText(), /لا نتائج/);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await context.close();
});
