// What a reader does on an article page, in headless Chromium: change the text size and
// find it kept on the next page, follow a related article, scroll into the next article,
// and screenshots at phone and desktop widths.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startWarraq } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
let server;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startWarraq();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function firstArticleUrl(page) {
  await page.goto(server.baseUrl + '/');
  const href = await page.locator('main a[href^="/article/"]').first().getAttribute('href');
  assert.ok(href, 'the home page links to an article');
  return server.baseUrl + href;
}

const bodyFontSize = (page) =>
  page.locator('article.story .story-body p, article.story p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));

test('text size changes, is keyboard operable and persists across pages', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(await firstArticleUrl(page));
  const before = await bodyFontSize(page);
  const sizeButtons = page.locator('[data-text-size]');
  assert.ok((await sizeButtons.count()) >= 3, 'at least three text sizes');
  const largest = sizeButtons.last();
  await largest.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => {
    const p = document.querySelector('article.story .story-body p') || document.querySelector('article.story p');
    return p && parseFloat(getComputedStyle(p).fontSize) > b;
  }, before);
  const larger = await bodyFontSize(page);
  assert.ok(larger > before, `text grew from ${before}px to ${larger}px`);
  assert.equal(await largest.getAttribute('aria-pressed'), 'true');

  // Another page: the choice is remembered.
  await page.goto(server.baseUrl + '/');
  await page.goto(await firstArticleUrl(page));
  assert.equal(await bodyFontSize(page), larger, 'the size is kept on the next page');
  await context.close();
});

test('a related article link leads to that article', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(await firstArticleUrl(page));
  const related = page.locator('.related').first();
  await assert.doesNotReject(related.waitFor(), 'the page has a related-articles module');
  assert.match(await related.innerText(), /مقالات ذات صلة/);
  const link = related.locator('.related-title a').first();
  const title = (await link.innerText()).trim();
  await link.click();
  await page.waitForLoadState('domcontentloaded');
  assert.equal((await page.locator('h1').first().innerText()).trim(), title);
  await context.close();
});

test('the next article loads below as the reader reaches the end', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const url = await firstArticleUrl(page);
  await page.goto(url);
  const firstTitle = await page.title();
  const nextLink = page.locator('a[rel="next"]').first();
  assert.ok(await nextLink.getAttribute('href'), 'a plain next-article link exists');
  for (let i = 0; i < 40 && (await page.locator('article.story').count()) < 2; i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(150);
  }
  assert.ok((await page.locator('article.story').count()) >= 2, 'a second article was appended');
  // Scroll into the appended article: the address bar and the title follow.
  await page.locator('article.story').nth(1).scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 400);
  await page.waitForFunction((u) => location.href !== u, url, { timeout: 10_000 });
  assert.notEqual(await page.title(), firstTitle);
  await context.close();
});

test('screenshots of an article page at 390 px and 1280 px', async () => {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(await firstArticleUrl(page));
    await page.evaluate(() => document.fonts.ready);
    const hero = page.locator('article.story figure img').first();
    await hero.evaluate((img) => img.complete || new Promise((r) => { img.onload = r; img.onerror = r; }));
    const box = await hero.boundingBox();
    assert.ok(box && box.width > 0 && box.width <= width, 'the hero fits the viewport');
    await page.screenshot({ path: join(shots, `article-${width}.png`), fullPage: false });
    await context.close();
  }
});
