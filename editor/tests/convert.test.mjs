// The body ↔ editor document conversion, without a browser. Every document made by
// blocksToDoc is also checked against the editor's real schema (Tiptap's getSchema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { getSchema } from '@tiptap/core';
import { blocksToDoc, docToBlocks, isAllowedHref } from '../src/convert.js';
import { schemaExtensions } from '../src/schema.js';

const schema = getSchema(schemaExtensions());

/** blocks → doc (valid in the schema) → ProseMirror node → JSON → blocks. */
function roundTrip(blocks) {
  const doc = blocksToDoc(blocks);
  const node = schema.nodeFromJSON(doc);
  node.check();
  return docToBlocks(node.toJSON());
}

const AFP = { kind: 'agency', code: 'AFP' };

test('every block type survives a round trip', () => {
  const body = [
    { type: 'paragraph', text: 'قال المتحدث إن المحادثات ستستأنف غداً.' },
    {
      type: 'paragraph',
      text: 'نص فيه كلمة غامقة وأخرى مائلة.',
      marks: [
        { start: 7, end: 17, type: 'strong' },
        { start: 18, end: 29, type: 'emphasis' },
      ],
    },
    { type: 'subheading', text: 'خلفية' },
    { type: 'quote', text: 'لن نتراجع عن موقفنا', attribution: 'وزير الخارجية' },
    { type: 'quote', text: 'اقتباس بلا قائل', attribution: null, marks: [{ start: 0, end: 6, type: 'emphasis' }] },
    { type: 'list', ordered: false, items: ['الأول', 'الثاني', 'الثالث'] },
    {
      type: 'list',
      ordered: true,
      items: ['خطوة أولى', 'خطوة ثانية'],
      item_marks: [[], [{ start: 0, end: 4, type: 'link', href: '/section/asia' }]],
    },
    { type: 'image', media_id: 12, caption: 'مشهد من المدينة', credit: AFP },
    { type: 'image', media_id: 13, caption: null, credit: { kind: 'other', name: '«الشرق الأوسط»' } },
    { type: 'image', media_id: 14, caption: null, credit: null },
  ];
  assert.deepEqual(roundTrip(body), body);
});

test('the document has the expected editor structure', () => {
  const doc = blocksToDoc([
    { type: 'subheading', text: 'عنوان' },
    { type: 'quote', text: 'قول', attribution: 'فلان' },
    { type: 'list', ordered: true, items: ['أ'] },
    { type: 'image', media_id: 7, caption: 'c', credit: AFP },
  ]);
  assert.deepEqual(doc, {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'عنوان' }] },
      {
        type: 'blockquote',
        attrs: { attribution: 'فلان' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'قول' }] }],
      },
      {
        type: 'orderedList',
        attrs: { start: 1, type: null },
        content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'أ' }] }] }],
      },
      { type: 'image', attrs: { media_id: 7, caption: 'c', credit: AFP, thumbnail_url: null } },
    ],
  });
});

test('offsets count code points: Arabic with emoji and other astral characters', () => {
  // 🇸🇦 is two code points (four UTF-16 units); 𝕏 and 😀 one code point each (two units).
  const text = 'مرحبا 😀 بالعالم 🇸🇦 و𝕏 نهاية';
  const cps = Array.from(text);
  const start = cps.indexOf('ب', 6); // the first letter of بالعالم (مرحبا has one too)
  const end = start + Array.from('بالعالم').length;
  const flag = cps.indexOf('🇸');
  const body = [
    {
      type: 'paragraph',
      text,
      marks: [
        { start, end, type: 'strong' },
        { start: flag, end: flag + 2, type: 'emphasis' },
        { start: flag + 3, end: flag + 5, type: 'link', href: 'https://x.com/' },
      ],
    },
  ];
  assert.deepEqual(roundTrip(body), body);
  // The editor's text nodes split at exactly those characters.
  const texts = blocksToDoc(body).content[0].content.map((n) => n.text);
  assert.deepEqual(texts, ['مرحبا 😀 ', 'بالعالم', ' ', '🇸🇦', ' ', 'و𝕏', ' نهاية']);

  // And from the editor side: a bold emoji after Arabic text.
  const doc = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'عاجل 🔴' },
          { type: 'text', text: '😀😀', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' خبر' },
        ],
      },
    ],
  };
  assert.deepEqual(docToBlocks(doc), [
    { type: 'paragraph', text: 'عاجل 🔴😀😀 خبر', marks: [{ start: 6, end: 8, type: 'strong' }] },
  ]);
});

test('overlapping bold and italic give two marks; the same range gives two marks', () => {
  const doc = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'أب', marks: [{ type: 'bold' }] },
          { type: 'text', text: 'جد', marks: [{ type: 'bold' }, { type: 'italic' }] },
          { type: 'text', text: 'هو', marks: [{ type: 'italic' }] },
          { type: 'text', text: ' ' },
          { type: 'text', text: 'زح', marks: [{ type: 'bold' }, { type: 'italic' }] },
        ],
      },
    ],
  };
  const blocks = docToBlocks(doc);
  assert.deepEqual(blocks, [
    {
      type: 'paragraph',
      text: 'أبجدهو زح',
      marks: [
        { start: 0, end: 4, type: 'strong' },
        { start: 2, end: 6, type: 'emphasis' },
        { start: 7, end: 9, type: 'strong' },
        { start: 7, end: 9, type: 'emphasis' },
      ],
    },
  ]);
  assert.deepEqual(roundTrip(blocks), blocks);
});

test('adjacent text with the same mark gives one merged mark', () => {
  // ProseMirror would normally merge these nodes itself; a doc from elsewhere may not.
  const doc = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'كلمة', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' أخرى', marks: [{ type: 'bold' }, { type: 'italic' }] },
          { type: 'text', text: ' ثالثة', marks: [{ type: 'bold' }] },
          { type: 'text', text: 'رابط', marks: [{ type: 'link', attrs: { href: '/a' } }] },
          { type: 'text', text: 'آخر', marks: [{ type: 'link', attrs: { href: '/b' } }] },
        ],
      },
    ],
  };
  assert.deepEqual(docToBlocks(doc)[0].marks, [
    { start: 0, end: 15, type: 'strong' },
    { start: 4, end: 9, type: 'emphasis' },
    { start: 15, end: 19, type: 'link', href: '/a' },
    { start: 19, end: 22, type: 'link', href: '/b' },
  ]);
});

test('marks sort by start, end, then link, strong, emphasis (the server\'s canonical order)', () => {
  const doc = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'كلمة', marks: [{ type: 'link', attrs: { href: '/x' } }, { type: 'bold' }, { type: 'italic' }] }],
      },
    ],
  };
  assert.deepEqual(docToBlocks(doc)[0].marks, [
    { start: 0, end: 4, type: 'link', href: '/x' },
    { start: 0, end: 4, type: 'strong' },
    { start: 0, end: 4, type: 'emphasis' },
  ]);
});

test('a link inside bold', () => {
  const body = [
    {
      type: 'paragraph',
      text: 'اقرأ التقرير الكامل هنا',
      marks: [
        { start: 0, end: 19, type: 'strong' },
        { start: 5, end: 12, type: 'link', href: 'https://example.com/report?id=1' },
      ],
    },
  ];
  assert.deepEqual(roundTrip(body), body);
  const nodes = blocksToDoc(body).content[0].content;
  assert.deepEqual(nodes[1], {
    type: 'text',
    text: 'التقرير',
    marks: [{ type: 'link', attrs: { href: 'https://example.com/report?id=1' } }, { type: 'bold' }],
  });
});

test('empty paragraphs, items and lists are dropped; text is trimmed with its marks', () => {
  const doc = blocksToDoc([
    { type: 'paragraph', text: '' },
    { type: 'paragraph', text: '   ' },
    { type: 'paragraph', text: '  نص  ', marks: [{ start: 0, end: 4, type: 'strong' }] },
    { type: 'subheading', text: '' },
    { type: 'quote', text: ' ', attribution: 'أحد' },
    { type: 'list', ordered: false, items: ['', 'بند', ' '] },
    { type: 'list', ordered: true, items: ['', ''] },
  ]);
  assert.deepEqual(docToBlocks(doc), [
    { type: 'paragraph', text: 'نص', marks: [{ start: 0, end: 2, type: 'strong' }] },
    { type: 'list', ordered: false, items: ['بند'] },
  ]);
  // An empty document is one empty paragraph in the editor and an empty body.
  assert.deepEqual(blocksToDoc([]), { type: 'doc', content: [{ type: 'paragraph' }] });
  assert.deepEqual(docToBlocks(blocksToDoc([])), []);
  assert.deepEqual(docToBlocks({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph', content: [] }] }), []);
});

test('hard breaks are "\\n" in the text and hardBreak nodes in the editor, marks running across', () => {
  const body = [
    { type: 'paragraph', text: 'سطر أول\nسطر ثان', marks: [{ start: 4, end: 11, type: 'strong' }] },
    { type: 'quote', text: 'بيت\nشعر', attribution: 'المتنبي' },
    { type: 'list', ordered: false, items: ['أ\nب'] },
  ];
  assert.deepEqual(roundTrip(body), body);
  assert.deepEqual(blocksToDoc(body).content[0].content, [
    { type: 'text', text: 'سطر ' },
    { type: 'text', text: 'أول', marks: [{ type: 'bold' }] },
    { type: 'hardBreak', marks: [{ type: 'bold' }] },
    { type: 'text', text: 'سطر', marks: [{ type: 'bold' }] },
    { type: 'text', text: ' ثان' },
  ]);
  // Offsets count the break as one code point; \r and U+2028 become spaces.
  assert.deepEqual(roundTrip([{ type: 'paragraph', text: 'a\rb\u2028c\nd', marks: [{ start: 6, end: 7, type: 'emphasis' }] }]), [
    { type: 'paragraph', text: 'a b c\nd', marks: [{ start: 6, end: 7, type: 'emphasis' }] },
  ]);
  // Breaks at the ends are trimmed like spaces; a subheading has none.
  assert.deepEqual(roundTrip([{ type: 'paragraph', text: '\nنص\n' }, { type: 'subheading', text: 'عنوان\nفرعي' }]), [
    { type: 'paragraph', text: 'نص' },
    { type: 'subheading', text: 'عنوان فرعي' },
  ]);
  assert.equal(schema.nodes.heading.contentMatch.matchType(schema.nodes.hardBreak), null);
});

test('marks are omitted when empty; item_marks when all items are plain', () => {
  const out = roundTrip([
    { type: 'paragraph', text: 'أ', marks: [] },
    { type: 'quote', text: 'ب', attribution: '  ', marks: [] },
    { type: 'list', ordered: false, items: ['ج', 'د'], item_marks: [[], []] },
    { type: 'list', ordered: true, items: ['هـ', 'و', 'ز'], item_marks: [[{ start: 0, end: 1, type: 'strong' }], [], []] },
  ]);
  assert.deepEqual(out, [
    { type: 'paragraph', text: 'أ' },
    { type: 'quote', text: 'ب', attribution: null },
    { type: 'list', ordered: false, items: ['ج', 'د'] },
    // Items without marks at the end are left out of item_marks (as the server stores it).
    { type: 'list', ordered: true, items: ['هـ', 'و', 'ز'], item_marks: [[{ start: 0, end: 1, type: 'strong' }]] },
  ]);
  assert.deepEqual(Object.keys(out[1]), ['type', 'text', 'attribution']);
});

test('subheadings carry no marks', () => {
  const doc = blocksToDoc([{ type: 'subheading', text: 'عنوان', marks: [{ start: 0, end: 2, type: 'strong' }] }]);
  schema.nodeFromJSON(doc).check();
  assert.deepEqual(docToBlocks(doc), [{ type: 'subheading', text: 'عنوان' }]);
});

test('invalid marks are dropped or clamped; unsafe links are dropped', () => {
  const out = roundTrip([
    {
      type: 'paragraph',
      text: 'abcdef',
      marks: [
        { start: 4, end: 99, type: 'strong' },
        { start: 3, end: 3, type: 'emphasis' },
        { start: -2, end: 1, type: 'emphasis' },
        { start: 0, end: 2, type: 'underline' },
        { start: 0, end: 6, type: 'link', href: 'javascript:alert(1)' },
        { start: 1, end: 2, type: 'link', href: '//evil.example/' },
      ],
    },
  ]);
  assert.deepEqual(out, [
    {
      type: 'paragraph',
      text: 'abcdef',
      marks: [
        { start: 0, end: 1, type: 'emphasis' },
        { start: 4, end: 6, type: 'strong' },
      ],
    },
  ]);
});

test('links: http(s), mailto and site-relative only', () => {
  for (const ok of ['https://example.com', 'http://example.com/a?b=c#d', 'HTTPS://EXAMPLE.COM', 'mailto:desk@example.com', '/article/12', '/', 'https://مثال.السعودية/مسار']) {
    assert.equal(isAllowedHref(ok), true, ok);
  }
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example', 'ftp://x.org', 'article/12', 'https://', 'https:///x', 'https://exa mple.com', 'https://example.com/a\\b', '/a\u0085', '', null, 'vbscript:x', ' https://example.com']) {
    assert.equal(isAllowedHref(bad), false, String(bad));
  }
});

test('image blocks: credit shapes are kept, anything else becomes null', () => {
  const out = roundTrip([
    { type: 'image', media_id: 5, caption: '  ', credit: { kind: 'agency', code: 'Reuters' } },
    { type: 'image', media_id: 6, caption: 'صورة', credit: { kind: 'agency' } },
    { type: 'image', media_id: 7, caption: null, credit: 'AFP' },
  ]);
  assert.deepEqual(out, [
    { type: 'image', media_id: 5, caption: null, credit: { kind: 'agency', code: 'Reuters' } },
    { type: 'image', media_id: 6, caption: 'صورة', credit: null },
    { type: 'image', media_id: 7, caption: null, credit: null },
  ]);
});

test('unknown blocks and images without an id are refused, not silently dropped', () => {
  assert.throws(() => blocksToDoc([{ type: 'table', rows: [] }]), /unknown type "table"/);
  assert.throws(() => blocksToDoc([{ type: 'image', media_id: 'x' }]), /media_id/);
  assert.throws(() => blocksToDoc('nope'), TypeError);
  assert.deepEqual(blocksToDoc(null), { type: 'doc', content: [{ type: 'paragraph' }] });
});

test('docToBlocks takes a ProseMirror node as well as JSON', () => {
  const body = [{ type: 'paragraph', text: 'خبر', marks: [{ start: 0, end: 3, type: 'strong' }] }];
  assert.deepEqual(docToBlocks(schema.nodeFromJSON(blocksToDoc(body))), body);
});

test('the built bundle exports the same conversion', async (t) => {
  const bundle = new URL('../../crates/warraq-web/static/newsroom/editor.js', import.meta.url);
  if (!existsSync(bundle)) return t.skip('bundle not built (npm run build)');
  const mod = await import(bundle.href);
  assert.equal(typeof mod.mountEditor, 'function');
  const body = [
    { type: 'paragraph', text: 'نص 😀 مهم', marks: [{ start: 5, end: 8, type: 'strong' }] },
    { type: 'list', ordered: true, items: ['x'] },
  ];
  assert.deepEqual(mod.docToBlocks(mod.blocksToDoc(body)), body);
});
