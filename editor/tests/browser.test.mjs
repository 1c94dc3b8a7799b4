// The built bundle in headless Chromium (Debian's, driven by playwright-core), on demo.html
// served with the CSP `default-src 'self'`: typing Arabic, formatting from the toolbar with
// the keyboard only, a link, pictures, quotes, direction, and not one CSP violation.
// Needs the bundle built (npm run build) and /usr/bin/chromium (or CHROMIUM_PATH).
import { after, before, beforeEach, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const BUNDLE = new URL('../../crates/warraq-web/static/newsroom/editor.js', import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let server;
let browser;
let page;
let problems; // CSP violations, console errors, uncaught exceptions

before(async () => {
  assert.ok(existsSync(BUNDLE), 'the bundle is not built: run `npm run build` in editor/');
  server = await startServer();
  // The background services off: this machine's network is closed.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  problems = [];
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  // Runs before any page script; init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
});

afterEach(async () => {
  const violations = await page.evaluate(() => window.cspViolations);
  await page.close();
  assert.deepEqual(violations, [], 'securitypolicyviolation events');
  assert.deepEqual(problems, [], 'console errors, CSP reports or uncaught exceptions');
});

async function open(query = '?empty') {
  const response = await page.goto(`${server.url}/${query}`);
  assert.equal(response.headers()['content-security-policy'], "default-src 'self'");
  await page.waitForSelector('.wq-content');
}

const blocks = () => page.evaluate(() => window.warraqEditor.getBlocks());
const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el.dataset.command || el.className;
});
const selected = () => page.evaluate(() => getSelection().toString());
// ProseMirror re-applies its selection 20 ms after the editor regains focus (to undo
// browser focus quirks); a person's next key comes later than that, so the test waits too.
const settle = () => page.waitForTimeout(50);

/** Alt+F10 to the toolbar, arrow keys to the button, then `key` (Enter or Space). */
async function toolbar(command, key = 'Enter') {
  await page.keyboard.press('Alt+F10');
  for (let i = 0; i < 12 && (await focused()) !== command; i++) {
    await page.keyboard.press('ArrowLeft'); // right to left: the next button is on the left
  }
  assert.equal(await focused(), command, `toolbar button ${command} reached with the keyboard`);
  await page.keyboard.press(key);
}

test('Arabic typing, bold and italic from the toolbar by keyboard, a link, undo', async () => {
  await open();
  // Keyboard only: Tab reaches the toolbar, then the text.
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'subheading');
  await page.keyboard.press('Tab');
  assert.match(await focused(), /wq-content/);
  const root = await page.$eval('.wq-content', (el) => [el.getAttribute('dir'), el.getAttribute('lang'), el.getAttribute('role')]);
  assert.deepEqual(root, ['rtl', 'ar', 'textbox']);

  // Italic on a typed word, selected with the keyboard, by Space on the toolbar button.
  await page.keyboard.type('خبر');
  await settle();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight'); // right to left: back
  assert.equal(await selected(), 'خبر');
  await toolbar('italic', 'Space');
  assert.match(await focused(), /wq-content/, 'the command returns focus to the text');
  assert.equal(await page.getAttribute('[data-command=italic]', 'aria-pressed'), 'true');
  await page.keyboard.press('ArrowLeft'); // collapse at the end of the word
  await toolbar('italic'); // and type on without italic
  assert.equal(await page.getAttribute('[data-command=italic]', 'aria-pressed'), 'false');

  // Bold on for the next word, then off again, from the toolbar.
  await page.keyboard.type(' ');
  await toolbar('bold');
  assert.equal(await page.getAttribute('[data-command=bold]', 'aria-pressed'), 'true');
  await page.keyboard.type('عاجل');
  await toolbar('bold');
  assert.equal(await page.getAttribute('[data-command=bold]', 'aria-pressed'), 'false');
  await page.keyboard.type(' 🇪🇬 من القاهرة');

  // A link on the last word, selected with the keyboard: Ctrl+K opens the form.
  await settle();
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Shift+ArrowRight'); // right to left: back one word
  assert.equal(await selected(), 'القاهرة');
  await page.keyboard.press('Control+k');
  assert.equal(await focused(), 'wq-link-input');
  await page.keyboard.type('javascript:alert(1)');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('.wq-link-input', 'aria-invalid'), 'true', 'a javascript: link is refused');
  assert.notEqual(await page.textContent('.wq-link-error'), '');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('https://example.com/cairo');
  await page.keyboard.press('Enter');
  assert.equal(await page.isHidden('.wq-linkform'), true);
  assert.match(await focused(), /wq-content/);
  assert.equal(await page.getAttribute('[data-command=link]', 'aria-pressed'), 'true');

  const text = 'خبر عاجل 🇪🇬 من القاهرة'; // the flag is two code points
  const expected = [
    {
      type: 'paragraph',
      text,
      marks: [
        { start: 0, end: 3, type: 'emphasis' },
        { start: 4, end: 8, type: 'strong' },
        { start: 15, end: 22, type: 'link', href: 'https://example.com/cairo' },
      ],
    },
  ];
  assert.deepEqual(await blocks(), expected);
  assert.equal(await page.textContent('.wq-content strong'), 'عاجل');
  assert.equal(await page.textContent('.wq-content em'), 'خبر');
  assert.equal(await page.textContent('.wq-content a[href="https://example.com/cairo"]'), 'القاهرة');
  assert.ok((await page.evaluate(() => window.changes)) > 0, 'onChange was called');

  // Undo (Ctrl+Z) takes the link back; the toolbar's redo button puts it back.
  await page.keyboard.press('Control+z');
  assert.deepEqual((await blocks())[0].marks, expected[0].marks.slice(0, 2));
  await toolbar('redo');
  assert.deepEqual(await blocks(), expected);
});

test('paragraph direction, a line break, quote with attribution, lists, pictures', async () => {
  await open();
  await page.focus('.wq-content');
  const direction = (i) => page.evaluate((n) => getComputedStyle(document.querySelectorAll('.wq-content p')[n]).direction, i);
  assert.equal(await direction(0), 'rtl', 'an empty paragraph keeps the editor direction');
  await page.keyboard.type('قالت الوكالة');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('في بيان');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Reuters reports');
  assert.equal(await direction(0), 'rtl');
  assert.equal(await direction(1), 'ltr', 'a Latin paragraph lays out left to right');
  assert.equal(await page.getAttribute('.wq-content p >> nth=1', 'dir'), 'auto');

  // A quote (Ctrl+Shift+B) with its attribution typed in the field under it.
  await page.keyboard.press('Enter');
  await page.keyboard.type('لا سلام بلا عدالة');
  await page.keyboard.press('Control+Shift+b');
  assert.equal(await page.getAttribute('[data-command=quote]', 'aria-pressed'), 'true');
  await page.keyboard.press('Tab'); // from the quote's text to its attribution field
  assert.equal(await focused(), 'wq-attribution');
  await page.keyboard.type('متظاهر في الساحة');
  await page.keyboard.press('Enter'); // back to the text, after the quote

  // Lists from the toolbar.
  await page.keyboard.type('بند أول');
  await toolbar('orderedList');
  await page.keyboard.press('Enter');
  await page.keyboard.type('بند ثان');

  // A picture from the page, after the list.
  await page.evaluate(() => window.warraqEditor.insertImage({
    media_id: 77,
    caption: 'صورة من الساحة',
    credit: { kind: 'agency', code: 'AFP' },
  }));
  await page.waitForFunction(() => document.querySelector('.wq-image img')?.naturalWidth > 0);
  assert.equal(await page.getAttribute('.wq-image img', 'src'), '/media/77/480');
  assert.match(await page.textContent('.wq-image figcaption'), /صورة من الساحة.*AFP/);

  assert.deepEqual(await blocks(), [
    { type: 'paragraph', text: 'قالت الوكالة\nفي بيان' },
    { type: 'paragraph', text: 'Reuters reports' },
    { type: 'quote', text: 'لا سلام بلا عدالة', attribution: 'متظاهر في الساحة' },
    { type: 'list', ordered: true, items: ['بند أول', 'بند ثان'] },
    { type: 'image', media_id: 77, caption: 'صورة من الساحة', credit: { kind: 'agency', code: 'AFP' } },
  ]);
});

test('setBlocks and getBlocks keep every block type; the demo body renders', async () => {
  await open('');
  assert.equal(await page.locator('.wq-image').count(), 1);
  const body = [
    { type: 'paragraph', text: 'نص 😀 مع رابط', marks: [{ start: 3, end: 4, type: 'strong' }, { start: 8, end: 12, type: 'link', href: '/article/1' }] },
    { type: 'subheading', text: 'عنوان فرعي' },
    { type: 'quote', text: 'قول مأثور', attribution: null, marks: [{ start: 0, end: 3, type: 'emphasis' }] },
    { type: 'list', ordered: false, items: ['واحد', 'اثنان'], item_marks: [[{ start: 0, end: 4, type: 'strong' }]] },
    { type: 'image', media_id: 3, caption: null, credit: { kind: 'other', name: 'ورّاق' } },
    { type: 'paragraph', text: 'mailto', marks: [{ start: 0, end: 6, type: 'link', href: 'mailto:desk@example.com' }] },
  ];
  const changesBefore = await page.evaluate(() => window.changes || 0);
  const out = await page.evaluate((b) => {
    window.warraqEditor.setBlocks(b);
    return window.warraqEditor.getBlocks();
  }, body);
  assert.deepEqual(out, body);
  assert.equal(await page.evaluate(() => window.changes || 0), changesBefore, 'setBlocks does not call onChange');
  assert.equal(await page.locator('.wq-content h2').count(), 1);
  assert.equal(await page.inputValue('.wq-attribution'), '');
  assert.equal(await page.getAttribute('.wq-image img', 'src'), '/media/3/480');
  // A thumbnail address given by the page is used as is (and never saved in the body).
  await page.evaluate(() => window.warraqEditor.insertImage({ media_id: 5, thumbnail_url: '/static/logo.svg' }));
  assert.equal(await page.locator('.wq-image img[src="/static/logo.svg"]').count(), 1);
  assert.deepEqual((await blocks()).filter((b) => b.media_id === 5), [{ type: 'image', media_id: 5, caption: null, credit: null }]);
  // The editor is gone after destroy(), and the page's element is left empty.
  await page.evaluate(() => window.warraqEditor.destroy());
  assert.equal(await page.locator('#editor').innerHTML(), '');
});

test('pasted HTML keeps safe links and line breaks, drops scripts, pictures and styles', async () => {
  await open();
  await page.focus('.wq-content');
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/html',
      '<p style="color:red">نص <a href="javascript:alert(1)">خطر</a> و<a href="https://ok.example/">آمن</a><br>سطر <b>قوي</b></p>' +
      '<h1>عنوان كبير</h1><h2>عنوان فرعي</h2><img src="/media/9/480" onerror="alert(1)"><script>alert(1)</script>' +
      '<ul><li><p>بند</p><ul><li>متداخل</li></ul></li></ul>' +
      '<style>p{color:red}</style><link rel="stylesheet" href="/x.css"><p onclick="alert(1)" style=\'x\'></p>');
    data.setData('text/plain', 'ignored');
    document.querySelector('.wq-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const out = await blocks();
  assert.deepEqual(out.slice(0, 3), [
    {
      type: 'paragraph',
      text: 'نص خطر وآمن\nسطر قوي',
      marks: [
        { start: 8, end: 11, type: 'link', href: 'https://ok.example/' },
        { start: 16, end: 19, type: 'strong' },
      ],
    },
    { type: 'paragraph', text: 'عنوان كبير' },
    { type: 'subheading', text: 'عنوان فرعي' },
  ]);
  // A nested list cannot be held (plain items, one paragraph each): its items are kept as
  // a list of their own after the outer one.
  assert.deepEqual(out.slice(3), [
    { type: 'list', ordered: false, items: ['بند'] },
    { type: 'list', ordered: false, items: ['متداخل'] },
  ]);
  assert.equal(out.some((b) => b.type === 'image'), false, 'a pasted <img> is not a library picture');
  assert.equal(await page.locator('.wq-content [style]').count(), 0);
});
