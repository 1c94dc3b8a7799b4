// The newsroom end to end, in headless Chromium against the real binary: accounts made with
// `warraq user add` (password on standard input); a writer uploads a photo through the
// media library, writes an Arabic article in the editor (hero photo from the picker, a
// picture in the body, a related article), lets autosave keep it and submits it; the writer
// is offered no publish button and a forced publish is refused (403); an editor publishes
// it and it appears on the home page and in the content API. Two tabs saving over each
// other: the second is told, keeps its text, and overwrites only when asked. The list,
// editor and revisions pages pass axe (WCAG 2.2 A/AA and best practices).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshDataDir, launchChromium, startWarraq, warraqBin } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WRITER = { email: 'nour@newsroom.test', password: 'كلمة سر الكاتبة 2025', name: 'نور الكاتبة' };
const EDITOR = { email: 'khalid@newsroom.test', password: 'كلمة سر المحرر 2025', name: 'خالد المحرر' };
const HEADLINE = 'افتتاح معرض الكتاب في الرياض بمشاركة ٣٠ دولة';
const PHOTO_CAPTION = 'زوار في جناح دار نشر خلال الافتتاح';

let server;
let browser;
let articleId;

/** `warraq user add` on the data folder, the password written to standard input. */
function addUser(data, role, { email, password, name }) {
  return new Promise((resolve, reject) => {
    const child = spawn(warraqBin(), ['user', 'add', '--role', role, '--name', name, '--data', data, email], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`user add ${email}: ${code}: ${output}`))));
    child.stdin.end(`${password}\n`);
  });
}

before(async () => {
  const data = freshDataDir();
  await addUser(data, 'writer', WRITER);
  await addUser(data, 'editor', EDITOR);
  server = await startWarraq({ data });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/// Runs axe (WCAG 2.x A and AA, best practices) on the page; fails listing each violation
/// and its nodes. Evaluated through the DevTools protocol: the page's CSP needs no exception.
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

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ar' });
  const page = await context.newPage();
  const problems = [];
  // Refusals the test asks for (403, 409) are logged by Chromium as failed loads; they are
  // expected, anything else is a problem.
  page.on('console', (m) => m.type() === 'error' && !/status of (403|409)/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => r.status() === 404 && problems.push(`404: ${r.url()}`));
  return { context, page, problems };
}

async function logIn(page, { email, password }, next = '/newsroom') {
  await page.goto(`${server.baseUrl}/newsroom/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('البريد الإلكتروني').fill(email);
  await page.getByLabel('كلمة المرور').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith(next)), page.getByRole('button', { name: 'دخول' }).click()]);
}

/// A JPEG the demo site serves.
async function demoJpeg() {
  const home = await (await fetch(server.baseUrl + '/')).text();
  const src = home.match(/src="(\/media\/\d+\/\d+)"/)?.[1];
  assert.ok(src, 'the home page shows a picture');
  return Buffer.from(await (await fetch(server.baseUrl + src)).arrayBuffer());
}

async function bodyEditor(page) {
  const editable = page.locator('#body-editor [contenteditable="true"]');
  await editable.waitFor();
  return editable;
}

async function savedStatus(page) {
  await page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'حُفظ', null, { timeout: 15_000 });
}

async function eventually(what, check, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a writer uploads a photo, writes an Arabic article with it and submits it', async () => {
  const { context, page, problems } = await newPage();
  await logIn(page, WRITER);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await assertAccessible(page, 'the article list');

  // The photo, through the media library.
  await page.goto(server.baseUrl + '/newsroom/media');
  await page.locator('#upload-file').setInputFiles({ name: 'معرض.jpg', mimeType: 'image/jpeg', buffer: await demoJpeg() });
  await page.getByLabel('التعليق').first().fill(PHOTO_CAPTION);
  await Promise.all([page.waitForURL(/\/newsroom\/media\/\d+\?uploaded=1/), page.getByRole('button', { name: 'رفع الصورة' }).click()]);
  const photoId = Number(page.url().match(/\/newsroom\/media\/(\d+)/)[1]);

  // A new article: the words, the hero photo from the picker, a picture in the body.
  await page.goto(server.baseUrl + '/newsroom');
  await Promise.all([page.waitForURL(/\/newsroom\/articles\/new/), page.getByRole('link', { name: 'مقال جديد' }).click()]);
  await page.getByLabel('العنوان', { exact: true }).fill(HEADLINE);
  await page.getByLabel('المقدمة').fill('افتتح معرض الكتاب أبوابه صباح اليوم وسط إقبال كبير من الزوار.');
  await page.getByLabel('القسم').selectOption({ index: 1 });
  const editable = await bodyEditor(page);
  await editable.click();
  await page.keyboard.type('يشارك في المعرض أكثر من ألف دار نشر عربية وأجنبية.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('ويستمر المعرض عشرة أيام.');

  await page.getByRole('button', { name: 'اختر صورة' }).click();
  const dialog = page.locator('#photo-dialog');
  await dialog.getByRole('searchbox').fill('جناح');
  await dialog.getByRole('button', { name: 'بحث' }).click();
  await dialog.locator(`[data-media-id="${photoId}"]`).click();
  assert.equal(await page.locator('#hero_id').inputValue(), String(photoId));
  assert.equal(await page.locator('#hero-preview figcaption').innerText(), PHOTO_CAPTION);

  await page.getByRole('button', { name: 'أدرج صورة في النص' }).click();
  await dialog.getByRole('searchbox').fill('جناح');
  await dialog.getByRole('button', { name: 'بحث' }).click();
  await dialog.locator(`[data-media-id="${photoId}"]`).click();

  await Promise.all([page.waitForURL(/\/newsroom\/articles\/\d+$/), page.getByRole('button', { name: 'إنشاء المسودة' }).click()]);
  articleId = Number(page.url().match(/\/newsroom\/articles\/(\d+)/)[1]);
  assert.equal(await page.getByLabel('العنوان', { exact: true }).inputValue(), HEADLINE);
  const body = JSON.parse(await page.locator('#body-json').inputValue());
  assert.deepEqual(body.map((b) => b.type), ['paragraph', 'paragraph', 'image']);
  assert.equal(body[2].media_id, photoId);

  // A related article from the site's search, then more words, kept by autosave.
  const demoHeadline = (await (await fetch(server.baseUrl + '/api/v1/articles?limit=1')).json()).items[0].headlines[0].value;
  await page.getByLabel('ابحث عن مقال').fill(demoHeadline.split(/\s+/).slice(0, 3).join(' '));
  await page.locator('[data-action="search-related"]').click();
  await page.locator('#related-results button').first().click();
  assert.equal(await page.locator('#related-list li').count(), 1);
  await (await bodyEditor(page)).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('وتقام على هامشه ندوات فكرية.');
  assert.equal(await page.locator('#save-status').innerText(), 'تعديلات غير محفوظة');
  await savedStatus(page);
  const stored = await page.evaluate(async (id) => (await fetch(`/newsroom/api/articles/${id}`)).json(), articleId);
  assert.equal(stored.content.related.length, 1);
  assert.ok(stored.content.body.some((b) => b.text === 'وتقام على هامشه ندوات فكرية.'), 'autosave kept the last paragraph');
  await assertAccessible(page, 'the editor');

  // A writer submits, and is offered nothing more.
  assert.equal(await page.locator('[data-transition="published"]').count(), 0, 'no publish button for a writer');
  await Promise.all([page.waitForURL(/moved=in_review/), page.getByRole('button', { name: 'إرسال للمراجعة' }).click()]);
  assert.equal(await page.locator('#article-state').innerText(), 'قيد المراجعة');
  // Forced anyway, with the page's own token: refused.
  const forced = await page.evaluate(async (id) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const version = document.querySelector('#workflow-version')?.value ?? document.querySelector('#form-version').value;
    const res = await fetch(`/newsroom/articles/${id}/workflow`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, version, to: 'published' }),
    });
    return res.status;
  }, articleId);
  assert.equal(forced, 403);

  await page.goto(`${server.baseUrl}/newsroom/articles/${articleId}/revisions`);
  assert.ok((await page.locator('tbody tr').count()) >= 3, 'created, autosaved, submitted');
  await assertAccessible(page, 'the revisions page');
  await page.locator('tbody tr').last().getByRole('link', { name: /مقارنة بالحالية/ }).click();
  assert.ok((await page.locator('ins').count()) > 0, 'the comparison marks what was added');
  await assertAccessible(page, 'the comparison page');

  assert.deepEqual(problems, [], 'no script errors or CSP reports');
  await context.close();
});

test('an editor approves and publishes it; readers find it on the home page and in the API', async () => {
  assert.ok(articleId, 'the writer’s article exists');
  const { context, page, problems } = await newPage();
  await logIn(page, EDITOR, '/newsroom');
  await page.goto(server.baseUrl + '/newsroom?status=in_review');
  await page.getByRole('link', { name: HEADLINE }).click();
  await page.waitForURL(new RegExp(`/newsroom/articles/${articleId}$`));
  await page.locator('#body-json').waitFor({ state: 'attached' });
  await bodyEditor(page);

  const preview = await context.newPage();
  await preview.goto(`${server.baseUrl}/newsroom/articles/${articleId}/preview`);
  assert.match(await preview.locator('.nr-preview-banner').innerText(), /معاينة.*قيد المراجعة/s);
  assert.equal(await preview.locator('main h1').innerText(), HEADLINE);
  await preview.close();

  await Promise.all([page.waitForURL(/moved=published/), page.getByRole('button', { name: 'نشر الآن' }).click()]);
  assert.equal(await page.locator('#article-state').innerText(), 'منشور');
  assert.equal(await page.locator('#correction').count(), 1, 'a published article is corrected with a note');

  await eventually('the home page shows it', async () => (await (await fetch(server.baseUrl + '/')).text()).includes(HEADLINE));
  await eventually('the API lists it', async () => {
    const list = await (await fetch(server.baseUrl + '/api/v1/articles')).json();
    return list.items.some((item) => item.headlines[0].value === HEADLINE);
  });
  assert.deepEqual(problems, [], 'no script errors or CSP reports');
  await context.close();
});

test('two tabs: the later save is told, keeps its text, and overwrites only when asked', async () => {
  const { context, page: first, problems } = await newPage();
  await logIn(first, EDITOR);
  await first.goto(server.baseUrl + '/newsroom/articles/new');
  await first.getByLabel('العنوان', { exact: true }).fill('خبر يحرره اثنان');
  await first.getByLabel('القسم').selectOption({ index: 1 });
  await Promise.all([first.waitForURL(/\/newsroom\/articles\/\d+$/), first.getByRole('button', { name: 'إنشاء المسودة' }).click()]);
  const url = first.url();
  const second = await context.newPage();
  await second.goto(url);
  await bodyEditor(second);

  await (await bodyEditor(first)).click();
  await first.keyboard.type('نص التبويب الأول.');
  await savedStatus(first);

  await (await bodyEditor(second)).click();
  await second.keyboard.type('نص التبويب الثاني الذي يجب ألا يضيع.');
  await second.locator('#save-problem').waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await second.locator('#save-problem').innerText(), /شخص آخر/);
  assert.equal(await second.locator('#save-status').innerText(), 'تعذّر الحفظ');
  assert.match(await (await bodyEditor(second)).innerText(), /نص التبويب الثاني الذي يجب ألا يضيع/, 'the text stays in the editor');
  const kept = await second.evaluate((id) => localStorage.getItem(`warraq.unsaved.${id}`), url.match(/(\d+)$/)[1]);
  assert.match(kept, /نص التبويب الثاني/, 'and in this browser');
  assert.ok(await second.getByRole('link', { name: 'عرض النسخة الأخرى' }).isVisible());

  second.once('dialog', (d) => d.accept());
  await second.getByRole('button', { name: 'استبدال النسخة المحفوظة بنصي' }).click();
  await savedStatus(second);
  const stored = await second.evaluate(async (u) => (await fetch(u.replace('/newsroom/articles/', '/newsroom/api/articles/'))).json(), url);
  assert.equal(stored.content.body[0].text, 'نص التبويب الثاني الذي يجب ألا يضيع.');
  assert.deepEqual(problems, [], 'no script errors or CSP reports');
  await context.close();
});
