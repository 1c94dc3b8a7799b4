// The editor's schema: exactly what warraq's body format can hold, and nothing more.
// doc > (paragraph | heading[2] | blockquote > paragraph | bulletList/orderedList > listItem > paragraph | image)+
// inline: text and hardBreak ("\n" in the body; not in subheadings); marks: bold, italic, link.

import { Mark, Node, mergeAttributes } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import Heading from '@tiptap/extension-heading';
import HardBreak from '@tiptap/extension-hard-break';
import Blockquote from '@tiptap/extension-blockquote';
import { BulletList } from '@tiptap/extension-list/bullet-list';
import { OrderedList } from '@tiptap/extension-list/ordered-list';
import { ListItem } from '@tiptap/extension-list/item';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import { isAllowedHref } from './convert.js';

/** Arabic words the editor shows (labels, placeholders). */
export const WORDS = {
  attribution: 'نسبة الاقتباس (اختياري)',
  attributionPlaceholder: 'قائل الاقتباس (اختياري)',
  imageCredit: 'المصدر:',
};

const AUTO = { dir: 'auto' };

/** A paragraph lays out by its own first strong character (dir="auto"). */
const WarraqParagraph = Paragraph.configure({ HTMLAttributes: AUTO });

/** Subheadings (h2 only) are plain text: no bold, italic, link or line break inside. */
const Subheading = Heading.extend({ content: 'text*', marks: '' }).configure({ levels: [2], HTMLAttributes: AUTO });

/** A line break inside a block (Shift+Enter), "\n" in the body; none in subheadings. */
const LineBreak = HardBreak.extend({
  addKeyboardShortcuts() {
    const insert = () => {
      const { $from } = this.editor.state.selection;
      if (!$from.parent.canReplaceWith($from.index(), $from.indexAfter(), this.type)) return true;
      return this.editor.commands.setHardBreak();
    };
    return { 'Shift-Enter': insert, 'Mod-Enter': insert };
  },
});

/** A list item is one paragraph: no nested lists, so Tab leaves the editor as usual. */
const PlainListItem = ListItem.extend({
  content: 'paragraph',
  addKeyboardShortcuts() {
    return { Enter: () => this.editor.commands.splitListItem(this.name) };
  },
});

/** Moves the caret into the editor just after the node at `pos` (a new paragraph at the end). */
function caretAfter(editor, pos, node) {
  const after = pos + node.nodeSize;
  const { doc } = editor.state;
  if (after >= doc.content.size) {
    editor.chain().insertContentAt(after, { type: 'paragraph' }).setTextSelection(after + 1).run();
  } else {
    editor.commands.setTextSelection(after + 1);
  }
  // Focus now (Tiptap's focus command waits a frame) so that the next key lands in the text.
  editor.view.focus();
}

/**
 * A quote: one paragraph of text (with marks) and an optional attribution, an attribute
 * edited in a small input under the quote (not part of the editable text).
 */
const Quote = Blockquote.extend({
  content: 'paragraph',
  addAttributes() {
    return {
      attribution: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-attribution') || null,
        renderHTML: (attrs) => (attrs.attribution ? { 'data-attribution': attrs.attribution } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'blockquote' }];
  },
  addKeyboardShortcuts() {
    const inQuote = () => {
      const { $from, empty } = this.editor.state.selection;
      return empty && $from.depth >= 2 && $from.node(-1).type.name === this.name ? $from : null;
    };
    return {
      ...this.parent?.(),
      // Enter at the end of a quote leaves it (a new paragraph after it); elsewhere it
      // splits the quote in two, the attribution staying with the second half.
      Enter: () => {
        const $from = inQuote();
        if (!$from) return false;
        const quotePos = $from.before(-1);
        const quote = $from.node(-1);
        // Enter in an empty quote turns it back into a paragraph.
        if ($from.parent.content.size === 0) return this.editor.commands.lift(this.name);
        if ($from.parentOffset === $from.parent.content.size) {
          caretAfter(this.editor, quotePos, quote);
          return true;
        }
        return this.editor.commands.command(({ tr, dispatch }) => {
          if (dispatch) {
            tr.setNodeAttribute(quotePos, 'attribution', null);
            tr.split($from.pos, 2, [
              { type: quote.type, attrs: quote.attrs },
              { type: $from.parent.type },
            ]);
          }
          return true;
        });
      },
    };
  },
  addNodeView() {
    return ({ node, getPos, editor }) => {
      const dom = document.createElement('figure');
      dom.className = 'wq-quote';
      const body = document.createElement('blockquote');
      dom.append(body);
      const caption = document.createElement('figcaption');
      caption.contentEditable = 'false';
      const input = document.createElement('input');
      input.type = 'text';
      input.className = 'wq-attribution';
      input.dir = 'auto';
      input.setAttribute('aria-label', WORDS.attribution);
      input.placeholder = WORDS.attributionPlaceholder;
      input.value = node.attrs.attribution || '';
      caption.append(input);
      dom.append(caption);
      input.addEventListener('input', () => {
        const pos = getPos();
        if (typeof pos !== 'number') return;
        const value = input.value.trim() === '' ? null : input.value;
        editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, 'attribution', value));
      });
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === 'Escape') {
          event.preventDefault();
          const pos = getPos();
          if (typeof pos === 'number') caretAfter(editor, pos, node);
        }
      });
      return {
        dom,
        contentDOM: body,
        update(updated) {
          if (updated.type !== node.type) return false;
          node = updated;
          const value = updated.attrs.attribution || '';
          if (input.value !== value && document.activeElement !== input) input.value = value;
          return true;
        },
        stopEvent: (event) => event.target === input,
        ignoreMutation: (mutation) => mutation.type !== 'selection' && caption.contains(mutation.target),
      };
    };
  },
});

function creditText(credit) {
  if (!credit) return '';
  if (credit.kind === 'agency') return credit.code || '';
  if (credit.kind === 'other') return credit.name || '';
  return '';
}

/**
 * A picture from the media library: its id, and its caption and credit shown read-only
 * under a thumbnail. Inserted by the page (`insertImage`), moved by drag and drop,
 * selected with the arrow keys and deleted like any block.
 */
const Image = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { thumbnailUrl: (id) => `/media/${encodeURIComponent(id)}/480` };
  },
  addAttributes() {
    return {
      media_id: {
        default: null,
        parseHTML: (el) => {
          const id = Number(el.getAttribute('data-media-id'));
          return Number.isSafeInteger(id) && id > 0 ? id : null;
        },
        renderHTML: (attrs) => ({ 'data-media-id': String(attrs.media_id) }),
      },
      caption: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-caption') || null,
        renderHTML: (attrs) => (attrs.caption ? { 'data-caption': attrs.caption } : {}),
      },
      credit: {
        default: null,
        parseHTML: (el) => {
          try {
            const credit = JSON.parse(el.getAttribute('data-credit') || 'null');
            return credit && typeof credit === 'object' ? credit : null;
          } catch {
            return null;
          }
        },
        renderHTML: (attrs) => (attrs.credit ? { 'data-credit': JSON.stringify(attrs.credit) } : {}),
      },
      thumbnail_url: { default: null, rendered: false },
    };
  },
  parseHTML() {
    return [{ tag: 'figure[data-media-id]', getAttrs: (el) => (Number(el.getAttribute('data-media-id')) > 0 ? null : false) }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const { media_id: id, caption, credit, thumbnail_url: thumb } = node.attrs;
    const src = typeof thumb === 'string' && thumb ? thumb : this.options.thumbnailUrl(id);
    const parts = [];
    if (caption) parts.push(['span', { class: 'wq-image-caption', dir: 'auto' }, caption]);
    const who = creditText(credit);
    if (who) parts.push(['span', { class: 'wq-image-credit', dir: 'auto' }, `${WORDS.imageCredit} ${who}`]);
    return [
      'figure',
      mergeAttributes(HTMLAttributes, { class: 'wq-image' }),
      ['img', { src, alt: caption || '', loading: 'lazy', draggable: 'false' }],
      ['figcaption', {}, ...parts],
    ];
  },
});

/**
 * Links: only http(s), mailto and site-relative (/…) addresses, checked when set and when
 * pasted (a pasted link to anything else keeps its text and loses the link). Typing at the
 * end of a link does not extend it. (Tiptap's own Link extension brings linkifyjs for
 * autolinking, about 28 KB we do not need.)
 */
const Link = Mark.create({
  name: 'link',
  priority: 1000,
  inclusive: false,
  keepOnSplit: false,
  addAttributes() {
    return { href: { default: null } };
  },
  parseHTML() {
    return [
      {
        tag: 'a[href]',
        getAttrs: (el) => {
          const href = (el.getAttribute('href') || '').trim();
          return isAllowedHref(href) ? { href } : false;
        },
      },
    ];
  },
  renderHTML({ HTMLAttributes }) {
    return ['a', mergeAttributes(HTMLAttributes, { rel: 'noopener noreferrer nofollow' }), 0];
  },
  addCommands() {
    return {
      setLink:
        (attrs) =>
        ({ chain }) =>
          isAllowedHref(attrs && attrs.href) && chain().setMark(this.name, { href: attrs.href }).run(),
      unsetLink:
        () =>
        ({ chain }) =>
          chain().unsetMark(this.name, { extendEmptyMarkRange: true }).run(),
    };
  },
});

/**
 * The schema extensions (no DOM needed to build the schema: `getSchema(schemaExtensions())`).
 * `thumbnailUrl(media_id)`: where a picture's thumbnail is (default `/media/{id}/480`).
 */
export function schemaExtensions({ thumbnailUrl } = {}) {
  return [
    Document,
    WarraqParagraph,
    Text,
    LineBreak,
    Subheading,
    Quote,
    BulletList,
    OrderedList,
    PlainListItem,
    typeof thumbnailUrl === 'function' ? Image.configure({ thumbnailUrl }) : Image,
    Bold,
    Italic,
    Link,
  ];
}
