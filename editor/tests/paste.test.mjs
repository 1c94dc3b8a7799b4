// Pasted HTML is cleaned before ProseMirror parses it (see src/paste.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPastedHTML } from '../src/paste.js';

test('styles, scripts, event handlers and loading elements go; text, links and structure stay', () => {
  const html =
    '<!-- x --><meta charset="utf-8"><style>p{color:red}</style><p style="color: red" class="a" ONCLICK=\'go()\'>نص ' +
    '<a href="https://ok.example/" onmouseover=x>رابط</a><img src="/m.png" onerror="alert(1)"></p>' +
    '<script type="text/javascript">alert("<p>")</script><ul><li data-x="style=1">بند style="نص عادي"</li></ul>';
  assert.equal(
    cleanPastedHTML(html),
    '<p class="a">نص <a href="https://ok.example/">رابط</a></p><ul><li data-x="style=1">بند style="نص عادي"</li></ul>',
  );
});
