// The media library and the chief's pages in headless Chromium: the demo chief logs in,
// uploads a photo through the library page (a picture fetched from the running site),
// edits its caption, finds it in the grid with its thumbnail (seen by the newsroom while
// no article shows it), and every page of the library and the administration passes axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium, startWarraq } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// The demo accounts `serve --demo` creates.
const CHIEF = { email: 'chief@warraq.test', password: 'demo-chief-1' };

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

/// Runs axe (WCAG 2.x A and AA) on the page; fails listing each violation and its nodes.
/// Evaluated through the DevTools protocol, so the page's CSP needs no exception.
async function assertAccessible(page, what) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(violations, [], `${what} has no axe violations`);
}

async function logIn(page, { email, password }) {
  await page.goto(server.baseUrl + '/newsroom/login?next=%2Fnewsroom%2Fmedia');
  await page.getByLabel(/البريد الإلكتروني/).fill(email);
  await page.getByLabel(/كلمة المرور/).fill(password);
  await Promise.all([page.waitForURL(/\/newsroom\/media/), page.getByRole('button', { name: 'دخول' }).click()]);
}

/// A JPEG the demo site serves (a drawn photo of a published article).
async function demoJpeg() {
  const home = await (await fetch(server.baseUrl + '/')).text();
  const src = home.match(/src="(\/media\/\d+\/\d+)"/)?.[1];
  assert.ok(src, 'the home page shows a picture');
  const res = await fetch(server.baseUrl + src);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  return Buffer.from(await res.arrayBuffer());
}

test('a chief uploads a photo, edits its caption, and every page passes axe', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
  const page = await context.newPage();
  // Script errors, CSP reports and failed requests (other than the refused upload below).
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    const refusedUpload = r.status() === 415 && r.request().method() === 'POST';
    if (r.status() >= 400 && !refusedUpload) problems.push(`${r.status()} ${r.url()}`);
  });

  await logIn(page, CHIEF);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await assertAccessible(page, 'the media library');

  // Upload, with the keyboard where a person would use it.
  await page.locator('#upload-file').setInputFiles({
    name: 'قافلة.jpg',
    mimeType: 'image/jpeg',
    buffer: await demoJpeg(),
  });
  await page.getByLabel('التعليق').first().fill('صورة رفعها اختبار المتصفح');
  await page.locator('#upload-credit-agency').selectOption('AFP');
  await page.locator('#upload-archive').focus();
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#upload-archive').isChecked(), 'the archive box ticks from the keyboard');
  await Promise.all([
    page.waitForURL(/\/newsroom\/media\/\d+\?uploaded=1/),
    page.getByRole('button', { name: 'رفع الصورة' }).click(),
  ]);
  const id = page.url().match(/\/newsroom\/media\/(\d+)/)[1];
  assert.match(await page.locator('[role="status"]').innerText(), /رُفعت الصورة/);
  await assertAccessible(page, 'the edit page after an upload');
  // The preview comes from the newsroom's own renditions: no article shows it yet.
  const preview = page.locator('.lib-preview img');
  await preview.evaluate((img) => img.decode());
  assert.ok((await preview.evaluate((img) => img.naturalWidth)) > 0, 'the preview loads');

  // Edit the caption.
  const caption = page.locator('#edit-caption');
  assert.equal(await caption.inputValue(), 'صورة رفعها اختبار المتصفح');
  await caption.fill('قافلة مساعدات عند المعبر');
  await page.locator('#edit-alt').fill('شاحنات متوقفة في صف طويل');
  await Promise.all([page.waitForURL(/\?saved=1/), page.getByRole('button', { name: 'حفظ' }).click()]);
  assert.match(await page.locator('[role="status"]').innerText(), /حُفظت/);
  assert.equal(await page.locator('#edit-caption').inputValue(), 'قافلة مساعدات عند المعبر');
  assert.equal(await page.locator('#edit-credit-agency').inputValue(), 'AFP');
  assert.ok(await page.locator('#edit-archive').isChecked());

  // Found by searching the library, thumbnail shown.
  await page.goto(server.baseUrl + '/newsroom/media');
  await page.getByLabel(/ابحث في التعليقات/).fill('مساعدات');
  await Promise.all([page.waitForURL(/q=/), page.getByLabel(/ابحث في التعليقات/).press('Enter')]);
  const card = page.locator(`#media-${id}`);
  assert.equal(await card.locator('.lib-card-caption').innerText(), 'قافلة مساعدات عند المعبر');
  const thumb = card.locator('img');
  await thumb.evaluate((img) => img.decode());
  assert.ok((await thumb.evaluate((img) => img.naturalWidth)) > 0, 'the thumbnail loads');
  await assertAccessible(page, 'the library search results');

  // A refused upload says why, in Arabic, and stays accessible.
  await page.locator('#upload-file').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('ليست صورة'),
  });
  await page.getByRole('button', { name: 'رفع الصورة' }).click();
  await page.waitForSelector('#upload-error');
  assert.match(await page.locator('#upload-error').innerText(), /ليس صورة بصيغة JPEG أو PNG أو WebP/);
  await assertAccessible(page, 'the library with an upload error');

  // The chief's pages and the account page.
  for (const path of ['/newsroom/users', '/newsroom/tokens', '/newsroom/audit', '/newsroom/account']) {
    const res = await page.goto(server.baseUrl + path);
    assert.equal(res.status(), 200, path);
    await assertAccessible(page, path);
  }
  // A token made on the page is shown once.
  await page.goto(server.baseUrl + '/newsroom/tokens');
  await page.getByLabel('الاستخدام').fill('اختبار المتصفح');
  await page.getByRole('button', { name: 'إنشاء رمز' }).click();
  await page.waitForSelector('[data-secret="token"]');
  const token = await page.locator('[data-secret="token"]').innerText();
  assert.match(token, /^wq_/);
  await assertAccessible(page, 'the tokens page showing a new token');

  assert.deepEqual(problems, [], 'no script errors, CSP reports or failed requests');
  await context.close();
});

test('an editor is told the accounts pages are the chief’s', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, { email: 'editor@warraq.test', password: 'demo-editor-1' });
  const res = await page.goto(server.baseUrl + '/newsroom/users');
  assert.equal(res.status(), 403);
  assert.match(await page.locator('main').innerText(), /رئيس التحرير/);
  await assertAccessible(page, 'the refusal page');
  await context.close();
});
