// The reference page imported as wire text, then read in a browser: screenshots of the
// first article (with its five related stories) beside the demo screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDataDir, launchChromium, startWarraq, warraqBin } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const referencePage = join(here, '../../../shared/samples/aawsat-article-page.txt');
const shared = existsSync(referencePage);
if (!shared) console.log('skipped: ../shared/samples/aawsat-article-page.txt is absent (a clone outside the workplace)');

let server;
let browser;

before(async () => {
  if (!shared) return;
  const data = freshDataDir();
  execFileSync(warraqBin(), ['import', '--as', 'published', '--data', data, referencePage], { stdio: 'inherit' });
  server = await startWarraq({ demo: false, data });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the imported reference article shows its related module, screenshots at 390 and 1280 px', { skip: !shared }, async () => {
  const list = await (await fetch(`${server.baseUrl}/api/v1/articles`)).json();
  const first = list.items.find((i) => i.headlines[0].value.startsWith('موسكو تعلن'));
  assert.ok(first, 'the first imported article is listed');
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(first.uri);
    await page.evaluate(() => document.fonts.ready);
    assert.equal(await page.locator('.related-item').count(), 5);
    // External references carry no link: nothing to click that could fail.
    assert.equal(await page.locator('.related-item--external .related-title a').count(), 0);
    await page.screenshot({ path: join(here, 'screenshots', `imported-article-${width}.png`), fullPage: true });
    await context.close();
  }
});
