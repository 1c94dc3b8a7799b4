// Conversion between the editor's document (Tiptap/ProseMirror JSON) and warraq's article
// body (an array of blocks). Pure functions, no DOM and no imports, so `node --test` runs
// them directly.
//
// Body format (fixed by the server; do not change it here):
//   {"type":"paragraph","text":"…","marks":[…]}               marks omitted when empty
//   {"type":"subheading","text":"…"}
//   {"type":"quote","text":"…","attribution":"…"|null,"marks":[…]}  marks omitted when empty
//   {"type":"list","ordered":bool,"items":["…"],"item_marks":[[…]]} item_marks omitted when all empty
//   {"type":"image","media_id":12,"caption":"…"|null,"credit":{"kind":"agency","code":"AFP"}|{"kind":"other","name":"…"}|null}
// A mark is {"start","end","type":"strong"|"emphasis"} or {"start","end","type":"link","href"}:
// offsets in Unicode code points (Array.from(text)), half-open, sorted by start, then end,
// then type (link, strong, emphasis: the server's canonical order); touching runs of the
// same mark (same href for links) are merged into one.
// item_marks[i] are the marks of items[i]; trailing items without marks are left out, and
// item_marks itself when no item has any.
//
// Decisions:
// - Hard breaks are "\n" in the text (the server keeps line breaks inside a paragraph, as
//   wire copy and WordPress imports have them, and the ninjs export writes them as <br>).
//   In the editor they are hardBreak nodes (Shift+Enter), one code point each, carrying the
//   marks around them so a bold run across a line break stays one mark. Subheadings have
//   none: a "\n" there becomes a space. \r, U+2028 and U+2029 become spaces (as the
//   server's normalisation does), so offsets stay valid.
// - Text is trimmed (marks shifted accordingly); blocks whose text is empty or only
//   whitespace are dropped, and so are empty list items and lists left without items.
//   An empty attribution or caption is null.
// - A link whose href is not http(s):, mailto: or site-relative (/…, not //…) is dropped.
// - Unknown block types and images without a positive integer media_id are refused with
//   an Error by blocksToDoc (rather than silently lost on the next save).

/** Mark names in the body ↔ mark names in the editor schema. */
const BODY_TO_EDITOR = { strong: 'bold', emphasis: 'italic', link: 'link' };
const EDITOR_TO_BODY = { bold: 'strong', italic: 'emphasis', link: 'link' };
const MARK_ORDER = { link: 0, strong: 1, emphasis: 2 };

/** True for an href the newsroom may link to: http(s), mailto or a path on this site. */
export function isAllowedHref(href) {
  if (typeof href !== 'string') return false;
  // No whitespace, control characters or backslashes (browsers read \ as /) anywhere.
  if (!href || /[\s\u0000-\u001f\u007f-\u009f\\]/.test(href)) return false;
  const web = /^https?:\/\/([^/?#\\]+)([/?#].*)?$/i.exec(href);
  if (web) return /[\p{L}\p{N}]/u.test(web[1]);
  if (/^https?:/i.test(href)) return false;
  if (/^mailto:./i.test(href)) return true;
  // Site-relative: one slash, not two (//host is another site).
  return /^\/(?!\/)/.test(href);
}

const OTHER_BREAKS = /[\r\u2028\u2029]/g;
const isBlank = (s) => s.trim() === '';
const cp = (s) => Array.from(s);

/** Text as the editor holds it: "\n" kept (hard breaks), other line separators as spaces. */
function normalizeText(text) {
  return typeof text === 'string' ? text.replace(OTHER_BREAKS, ' ') : '';
}

export function cleanOptional(value) {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return v === '' ? null : v;
}

export function cleanCredit(credit) {
  if (!credit || typeof credit !== 'object') return null;
  if (credit.kind === 'agency' && typeof credit.code === 'string' && credit.code.trim() !== '') {
    return { kind: 'agency', code: credit.code.trim() };
  }
  if (credit.kind === 'other' && typeof credit.name === 'string' && credit.name.trim() !== '') {
    return { kind: 'other', name: credit.name.trim() };
  }
  return null;
}

const isMediaId = (id) => Number.isSafeInteger(id) && id > 0;

// ---------------------------------------------------------------------------------------
// blocks → doc

/** Valid body marks for a text of `length` code points, clamped, unknown ones dropped. */
function validMarks(marks, length) {
  if (!Array.isArray(marks)) return [];
  const out = [];
  for (const m of marks) {
    if (!m || typeof m !== 'object' || !(m.type in BODY_TO_EDITOR)) continue;
    if (!Number.isInteger(m.start) || !Number.isInteger(m.end)) continue;
    const start = Math.max(0, m.start);
    const end = Math.min(length, m.end);
    if (start >= end) continue;
    if (m.type === 'link' && !isAllowedHref(m.href)) continue;
    out.push(m.type === 'link' ? { start, end, type: 'link', href: m.href } : { start, end, type: m.type });
  }
  return out;
}

/** Editor inline content (text nodes with marks) for a text and its body marks. */
function inlineContent(text, marks) {
  const chars = cp(normalizeText(text));
  if (chars.length === 0) return [];
  const valid = validMarks(marks, chars.length);
  const cuts = new Set([0, chars.length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const active = valid.filter((m) => m.start <= from && m.end >= to);
    // One mark per type (ProseMirror allows one link per text range): the first wins.
    const seen = new Set();
    const editorMarks = [];
    for (const m of active.sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type])) {
      if (seen.has(m.type)) continue;
      seen.add(m.type);
      editorMarks.push(
        m.type === 'link'
          ? { type: 'link', attrs: { href: m.href } }
          : { type: BODY_TO_EDITOR[m.type] },
      );
    }
    // "\n" is a hard break node; the text around it becomes separate text nodes.
    chars
      .slice(from, to)
      .join('')
      .split(/(\n)/)
      .forEach((piece) => {
        if (piece === '') return;
        const node = piece === '\n' ? { type: 'hardBreak' } : { type: 'text', text: piece };
        if (editorMarks.length) node.marks = editorMarks.map((m) => ({ ...m }));
        nodes.push(node);
      });
  }
  return nodes;
}

function paragraphNode(text, marks) {
  const content = inlineContent(text, marks);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
}

/** The editor document (Tiptap JSON) for a body. Throws on an unknown block. */
export function blocksToDoc(blocks) {
  if (blocks == null) blocks = [];
  if (!Array.isArray(blocks)) throw new TypeError('blocksToDoc: blocks must be an array');
  const content = [];
  blocks.forEach((block, index) => {
    const type = block && block.type;
    switch (type) {
      case 'paragraph':
        content.push(paragraphNode(block.text, block.marks));
        break;
      case 'subheading': {
        const inline = inlineContent(normalizeText(block.text).replace(/\n/g, ' '), []);
        content.push(
          inline.length
            ? { type: 'heading', attrs: { level: 2 }, content: inline }
            : { type: 'heading', attrs: { level: 2 } },
        );
        break;
      }
      case 'quote':
        content.push({
          type: 'blockquote',
          attrs: { attribution: cleanOptional(block.attribution) },
          content: [paragraphNode(block.text, block.marks)],
        });
        break;
      case 'list': {
        const items = Array.isArray(block.items) ? block.items : [];
        const itemMarks = Array.isArray(block.item_marks) ? block.item_marks : [];
        if (items.length === 0) break;
        content.push({
          type: block.ordered ? 'orderedList' : 'bulletList',
          ...(block.ordered ? { attrs: { start: 1, type: null } } : {}),
          content: items.map((item, i) => ({
            type: 'listItem',
            content: [paragraphNode(item, itemMarks[i])],
          })),
        });
        break;
      }
      case 'image':
        if (!isMediaId(block.media_id)) {
          throw new Error(`blocksToDoc: block ${index}: image without a valid media_id`);
        }
        content.push({
          type: 'image',
          attrs: {
            media_id: block.media_id,
            caption: cleanOptional(block.caption),
            credit: cleanCredit(block.credit),
            thumbnail_url: null,
          },
        });
        break;
      default:
        throw new Error(`blocksToDoc: block ${index}: unknown type ${JSON.stringify(type)}`);
    }
  });
  if (content.length === 0) content.push({ type: 'paragraph' });
  return { type: 'doc', content };
}

// ---------------------------------------------------------------------------------------
// doc → blocks

/** Text and body marks of the inline content of every textblock under `node`. */
function textAndMarks(node) {
  const parts = [];
  collectTextblocks(node, parts);
  let chars = [];
  const runs = []; // open and closed runs: {key, type, href, start, end}
  const open = new Map(); // key → run still touching the current offset
  parts.forEach((inline, p) => {
    if (p > 0 && chars.length > 0) chars.push(' '); // several textblocks: one space between
    for (const child of inline) {
      let text = '';
      if (child.type === 'text' && typeof child.text === 'string') text = normalizeText(child.text);
      else if (child.type === 'hardBreak') text = '\n';
      else continue;
      const piece = cp(text);
      if (piece.length === 0) continue;
      const start = chars.length;
      const end = start + piece.length;
      const keys = new Set();
      for (const mark of child.marks || []) {
        const type = EDITOR_TO_BODY[mark.type];
        if (!type) continue;
        const href = type === 'link' ? mark.attrs && mark.attrs.href : undefined;
        if (type === 'link' && !isAllowedHref(href)) continue;
        const key = type === 'link' ? `link ${href}` : type;
        keys.add(key);
        const run = open.get(key);
        if (run && run.end === start) run.end = end;
        else {
          const fresh = { key, type, href, start, end };
          runs.push(fresh);
          open.set(key, fresh);
        }
      }
      for (const key of [...open.keys()]) if (!keys.has(key)) open.delete(key);
      chars = chars.concat(piece);
    }
    open.clear();
  });
  // Trim, shifting the marks.
  let lead = 0;
  while (lead < chars.length && /\s/u.test(chars[lead])) lead++;
  let tail = chars.length;
  while (tail > lead && /\s/u.test(chars[tail - 1])) tail--;
  const text = chars.slice(lead, tail).join('');
  const marks = [];
  for (const r of runs) {
    const start = Math.max(r.start, lead) - lead;
    const end = Math.min(r.end, tail) - lead;
    if (start >= end) continue;
    marks.push(r.type === 'link' ? { start, end, type: 'link', href: r.href } : { start, end, type: r.type });
  }
  marks.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      MARK_ORDER[a.type] - MARK_ORDER[b.type] ||
      compareText(a.href || '', b.href || ''),
  );
  return { text, marks };
}

const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function collectTextblocks(node, out) {
  const content = Array.isArray(node.content) ? node.content : [];
  const inline = content.every((c) => c.type === 'text' || c.type === 'hardBreak');
  if (inline) {
    out.push(content);
    return;
  }
  for (const child of content) collectTextblocks(child, out);
}

function withMarks(block, marks, key = 'marks') {
  if (marks.length) block[key] = marks;
  return block;
}

/** The body for an editor document (Tiptap JSON, or a ProseMirror node). */
export function docToBlocks(doc) {
  if (doc && typeof doc.toJSON === 'function') doc = doc.toJSON();
  const blocks = [];
  const content = doc && Array.isArray(doc.content) ? doc.content : [];
  for (const node of content) {
    switch (node.type) {
      case 'paragraph': {
        const { text, marks } = textAndMarks(node);
        if (text !== '') blocks.push(withMarks({ type: 'paragraph', text }, marks));
        break;
      }
      case 'heading': {
        const text = textAndMarks(node).text.replace(/\n/g, ' ');
        if (text !== '') blocks.push({ type: 'subheading', text });
        break;
      }
      case 'blockquote': {
        const { text, marks } = textAndMarks(node);
        const attribution = cleanOptional(node.attrs && node.attrs.attribution);
        if (text !== '') blocks.push(withMarks({ type: 'quote', text, attribution }, marks));
        break;
      }
      case 'bulletList':
      case 'orderedList': {
        const items = [];
        const itemMarks = [];
        for (const item of node.content || []) {
          const { text, marks } = textAndMarks(item);
          if (text === '') continue;
          items.push(text);
          itemMarks.push(marks);
        }
        if (items.length === 0) break;
        const block = { type: 'list', ordered: node.type === 'orderedList', items };
        while (itemMarks.length && itemMarks[itemMarks.length - 1].length === 0) itemMarks.pop();
        if (itemMarks.length) block.item_marks = itemMarks;
        blocks.push(block);
        break;
      }
      case 'image': {
        const attrs = node.attrs || {};
        if (!isMediaId(attrs.media_id)) break;
        blocks.push({
          type: 'image',
          media_id: attrs.media_id,
          caption: cleanOptional(attrs.caption),
          credit: cleanCredit(attrs.credit),
        });
        break;
      }
      default: {
        // Not made by this editor's schema; keep its words as a paragraph rather than lose them.
        const { text, marks } = textAndMarks(node);
        if (text !== '') blocks.push(withMarks({ type: 'paragraph', text }, marks));
      }
    }
  }
  return blocks;
}
