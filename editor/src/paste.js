// Pasted HTML, cleaned before ProseMirror parses it. ProseMirror parses into a detached
// document that shares the page's CSP, so a pasted style="…" or onerror="…" attribute,
// <style> or <script> is blocked (nothing runs) but still reported as a CSP violation,
// every paste from a word processor or a web page. None of it can reach the document
// anyway (the schema keeps text, the three marks and the block types), so it goes first.

const DROP_ELEMENTS = /<(script|style|template|noscript|iframe|object|svg|math)\b[\s\S]*?<\/\1\s*>/gi;
const DROP_VOID = /<(?:link|meta|base|img|picture|source|video|audio|embed|input)\b[^>]*>/gi;
// Inside a tag only: style, event handlers, and anything that loads something.
const DROP_ATTRS = /\s(?:style|on[a-z]+|src|srcset|background|poster|action|formaction)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/gi;

export function cleanPastedHTML(html) {
  return String(html)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(DROP_ELEMENTS, '')
    .replace(DROP_VOID, '')
    .replace(/<[a-z][^>]*>/gi, (tag) => tag.replace(DROP_ATTRS, ''));
}
