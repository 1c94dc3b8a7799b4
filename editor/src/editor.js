// warraq newsroom editor: a Tiptap (ProseMirror) editor for the article body, with an
// Arabic toolbar, right-to-left by default and each paragraph laid out by its own text.
//
//   import { mountEditor } from '/static/newsroom/editor.js';
//   const ed = mountEditor({ element, blocks, onChange: (blocks) => … });
//   ed.getBlocks(); ed.setBlocks(blocks); ed.insertImage({ media_id, caption, credit, thumbnail_url });
//   ed.focus(); ed.destroy();
//
// CSP: nothing here evaluates code or injects <style> (Tiptap's injectCSS is off; the
// styles are in editor.css). Works under `script-src 'self'; style-src 'self'`.

import { Editor, Extension } from '@tiptap/core';
import { UndoRedo } from '@tiptap/extensions/undo-redo';
import { Placeholder } from '@tiptap/extensions/placeholder';
import { TrailingNode } from '@tiptap/extensions/trailing-node';
import { Dropcursor } from '@tiptap/extensions/drop-cursor';
import { Gapcursor } from '@tiptap/extensions/gap-cursor';
import { schemaExtensions } from './schema.js';
import { cleanPastedHTML } from './paste.js';
import { blocksToDoc, docToBlocks, isAllowedHref, cleanOptional, cleanCredit } from './convert.js';

export { blocksToDoc, docToBlocks, isAllowedHref };

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || '');
const MOD = MAC ? '⌘' : 'Ctrl';

const T = {
  toolbar: 'أدوات التحرير',
  content: 'نص المقال',
  placeholder: 'اكتب نص المقال هنا…',
  hint: `للانتقال إلى شريط الأدوات: Alt+F10، وللعودة إلى النص: Escape.`,
  linkForm: 'رابط',
  linkLabel: 'عنوان الرابط',
  linkPlaceholder: 'https://… أو mailto:… أو /…',
  linkApply: 'تطبيق',
  linkRemove: 'إزالة الرابط',
  linkCancel: 'إلغاء',
  // Latin fragments are isolated (<bdi dir=ltr>) so the sentence reads right in RTL.
  linkInvalid: ['عنوان غير مقبول: يبدأ الرابط بـ', ['https://'], 'أو', ['http://'], 'أو', ['mailto:'], 'أو بمسار في الموقع يبدأ بـ', ['/']],
};

/** The toolbar: one button per command, in reading order (right to left). */
const BUTTONS = [
  {
    id: 'subheading',
    label: 'عنوان فرعي',
    keys: `${MOD}+Alt+2`,
    active: (e) => e.isActive('heading', { level: 2 }),
    can: (e) => e.can().toggleHeading({ level: 2 }),
    run: (e) => e.chain().toggleHeading({ level: 2 }).run(),
  },
  {
    id: 'quote',
    label: 'اقتباس',
    keys: `${MOD}+Shift+B`,
    active: (e) => e.isActive('blockquote'),
    can: (e) => e.isActive('blockquote') || canQuote(e),
    run: (e) => toggleQuote(e),
  },
  {
    id: 'bulletList',
    label: 'قائمة نقطية',
    keys: `${MOD}+Shift+8`,
    active: (e) => e.isActive('bulletList'),
    can: (e) => e.can().toggleBulletList(),
    run: (e) => e.chain().toggleBulletList().run(),
  },
  {
    id: 'orderedList',
    label: 'قائمة مرقّمة',
    keys: `${MOD}+Shift+7`,
    active: (e) => e.isActive('orderedList'),
    can: (e) => e.can().toggleOrderedList(),
    run: (e) => e.chain().toggleOrderedList().run(),
  },
  { separator: true },
  {
    id: 'bold',
    label: 'غامق',
    keys: `${MOD}+B`,
    active: (e) => e.isActive('bold'),
    can: (e) => e.can().toggleBold(),
    run: (e) => e.chain().toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'مائل',
    keys: `${MOD}+I`,
    active: (e) => e.isActive('italic'),
    can: (e) => e.can().toggleItalic(),
    run: (e) => e.chain().toggleItalic().run(),
  },
  {
    id: 'link',
    label: 'رابط',
    keys: `${MOD}+K`,
    active: (e) => e.isActive('link'),
    can: (e) => e.isActive('link') || e.can().setLink({ href: '/' }),
    run: (e, ui) => ui.openLinkForm(),
  },
  { separator: true },
  {
    id: 'undo',
    label: 'تراجع',
    keys: `${MOD}+Z`,
    can: (e) => e.can().undo(),
    run: (e) => e.chain().undo().run(),
  },
  {
    id: 'redo',
    label: 'إعادة',
    keys: MAC ? '⌘+Shift+Z' : 'Ctrl+Y',
    can: (e) => e.can().redo(),
    run: (e) => e.chain().redo().run(),
  },
];

/** Wraps the current block in a quote (a subheading becomes its paragraph first). */
function quoteChain(editor, chain) {
  return editor.isActive('paragraph') ? chain.wrapIn('blockquote') : chain.setParagraph().wrapIn('blockquote');
}

function canQuote(editor) {
  return quoteChain(editor, editor.can().chain()).run();
}

function toggleQuote(editor) {
  if (editor.isActive('blockquote')) return editor.chain().lift('blockquote').run();
  if (!canQuote(editor)) return false;
  return quoteChain(editor, editor.chain()).run();
}

let instances = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children);
  return node;
}

/**
 * Mounts the editor inside `element` (its children are left alone; the editor is appended).
 * `blocks`: the article body; `onChange(blocks)`: called after every change of the document
 * made in the editor (typing, formatting, undo, insertImage), not after setBlocks.
 * `thumbnailUrl(media_id)` (optional): the thumbnail shown for a picture whose insertImage
 * gave none, and for pictures of `blocks`; default `/media/{id}/480`.
 */
export function mountEditor({ element, blocks = [], onChange, thumbnailUrl } = {}) {
  if (!element || typeof element.appendChild !== 'function') {
    throw new TypeError('mountEditor: `element` must be a DOM element');
  }
  const n = ++instances;
  const contentId = `wq-editor-content-${n}`;
  const hintId = `wq-editor-hint-${n}`;

  // --- DOM: toolbar, link form, editable surface -------------------------------------
  const root = el('div', { class: 'wq-editor', dir: 'rtl', lang: 'ar' });
  const toolbar = el('div', {
    class: 'wq-toolbar',
    role: 'toolbar',
    'aria-label': T.toolbar,
    'aria-controls': contentId,
  });
  const buttons = new Map();
  for (const spec of BUTTONS) {
    if (spec.separator) {
      toolbar.append(el('span', { class: 'wq-sep', role: 'separator', 'aria-orientation': 'vertical' }));
      continue;
    }
    const button = el('button', {
      type: 'button',
      class: `wq-btn wq-btn-${spec.id}`,
      'data-command': spec.id,
      'aria-label': spec.label,
      title: `${spec.label} (${spec.keys})`,
      'aria-keyshortcuts': spec.keys.replace('⌘', 'Meta').replace('Ctrl', 'Control'),
      tabindex: buttons.size === 0 ? '0' : '-1',
      text: spec.label,
    });
    if (spec.active) button.setAttribute('aria-pressed', 'false');
    buttons.set(spec.id, { button, spec });
    toolbar.append(button);
  }

  const linkInputId = `wq-link-input-${n}`;
  const linkErrorId = `wq-link-error-${n}`;
  const linkInput = el('input', {
    id: linkInputId,
    type: 'text',
    class: 'wq-link-input',
    dir: 'ltr',
    inputmode: 'url',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: T.linkPlaceholder,
    'aria-describedby': linkErrorId,
  });
  const linkApply = el('button', { type: 'button', class: 'wq-link-apply', text: T.linkApply });
  const linkRemove = el('button', { type: 'button', class: 'wq-link-remove', text: T.linkRemove });
  const linkCancel = el('button', { type: 'button', class: 'wq-link-cancel', text: T.linkCancel });
  const linkError = el('p', { id: linkErrorId, class: 'wq-link-error', 'aria-live': 'polite' });
  const linkForm = el(
    'div',
    { class: 'wq-linkform', role: 'group', 'aria-label': T.linkForm, hidden: true },
    el('label', { for: linkInputId, text: T.linkLabel }),
    linkInput,
    linkApply,
    linkRemove,
    linkCancel,
    linkError,
  );
  const hint = el('p', { id: hintId, class: 'wq-hint', text: T.hint });
  const surface = el('div', { class: 'wq-surface' });
  root.append(toolbar, linkForm, surface, hint);
  element.append(root);

  // --- the editor ---------------------------------------------------------------------
  const ui = {};
  const Shortcuts = Extension.create({
    name: 'warraqShortcuts',
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          ui.openLinkForm();
          return true;
        },
        'Alt-F10': () => {
          ui.focusToolbar();
          return true;
        },
        'Mod-Shift-b': ({ editor }) => toggleQuote(editor),
      };
    },
  });

  const editor = new Editor({
    element: surface,
    injectCSS: false,
    content: blocksToDoc(blocks),
    extensions: [
      ...schemaExtensions({ thumbnailUrl }),
      UndoRedo,
      Placeholder.configure({ placeholder: T.placeholder }),
      TrailingNode,
      Dropcursor.configure({ color: false, class: 'wq-dropcursor' }),
      Gapcursor,
      Shortcuts,
    ],
    editorProps: {
      attributes: {
        id: contentId,
        class: 'wq-content',
        dir: 'rtl',
        lang: 'ar',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': T.content,
        'aria-describedby': hintId,
      },
      transformPastedHTML: cleanPastedHTML,
    },
  });

  // --- toolbar state and keyboard -----------------------------------------------------
  const buttonList = [...buttons.values()].map((b) => b.button);
  let current = buttonList[0];

  function refresh() {
    if (editor.isDestroyed) return;
    for (const { button, spec } of buttons.values()) {
      if (spec.active) button.setAttribute('aria-pressed', String(!!spec.active(editor)));
      const enabled = !!spec.can(editor);
      if (enabled) button.removeAttribute('aria-disabled');
      else button.setAttribute('aria-disabled', 'true');
    }
  }

  function rove(to) {
    current.setAttribute('tabindex', '-1');
    current = to;
    current.setAttribute('tabindex', '0');
    current.focus();
  }

  toolbar.addEventListener('keydown', (event) => {
    const i = buttonList.indexOf(event.target);
    if (i < 0) return;
    // In a right-to-left toolbar the next button is on the left.
    const rtl = getComputedStyle(toolbar).direction === 'rtl';
    const next = rtl ? 'ArrowLeft' : 'ArrowRight';
    const prev = rtl ? 'ArrowRight' : 'ArrowLeft';
    let to = null;
    if (event.key === next) to = buttonList[(i + 1) % buttonList.length];
    else if (event.key === prev) to = buttonList[(i - 1 + buttonList.length) % buttonList.length];
    else if (event.key === 'Home') to = buttonList[0];
    else if (event.key === 'End') to = buttonList[buttonList.length - 1];
    else if (event.key === 'Escape') {
      event.preventDefault();
      editor.view.focus();
      return;
    }
    if (to) {
      event.preventDefault();
      rove(to);
    }
  });
  // Clicking a button keeps the editor's selection (and focus) where it was.
  toolbar.addEventListener('mousedown', (event) => {
    if (event.target.closest('button')) event.preventDefault();
  });
  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    const entry = buttons.get(button.dataset.command);
    if (!entry) return;
    if (button !== current) {
      current.setAttribute('tabindex', '-1');
      current = button;
      current.setAttribute('tabindex', '0');
    }
    if (button.getAttribute('aria-disabled') === 'true') return;
    entry.spec.run(editor, ui);
    // Commands leave focus alone (Tiptap's focus command waits for the next frame and
    // then puts back the old selection, racing a fast typist): focus the text now.
    if (!linkOpen) editor.view.focus();
  });

  ui.focusToolbar = () => {
    (current || buttonList[0]).focus();
  };

  // --- link form ----------------------------------------------------------------------
  let linkOpen = false;
  ui.openLinkForm = () => {
    if (!editor.isActive('link') && !editor.can().setLink({ href: '/' })) return false;
    linkOpen = true;
    linkForm.hidden = false;
    linkInput.value = editor.getAttributes('link').href || '';
    linkInput.removeAttribute('aria-invalid');
    linkError.textContent = '';
    linkRemove.hidden = !editor.isActive('link');
    linkInput.focus();
    linkInput.select();
    return true;
  };
  function closeLinkForm() {
    linkOpen = false;
    linkForm.hidden = true;
    linkError.textContent = '';
    editor.view.focus();
  }
  function applyLink() {
    const href = linkInput.value.trim();
    if (href === '') {
      removeLink();
      return;
    }
    if (!isAllowedHref(href)) {
      linkInput.setAttribute('aria-invalid', 'true');
      linkError.replaceChildren(
        ...T.linkInvalid.flatMap((part, i) => [
          i ? ' ' : '',
          Array.isArray(part) ? el('bdi', { dir: 'ltr', text: part[0] }) : part,
        ]),
      );
      linkInput.focus();
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) {
      // Nothing selected: the address itself becomes the linked text.
      editor
        .chain()
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .unsetMark('link')
        .run();
    } else {
      editor.chain().extendMarkRange('link').setLink({ href }).run();
    }
    closeLinkForm();
  }
  function removeLink() {
    editor.chain().extendMarkRange('link').unsetLink().run();
    closeLinkForm();
  }
  linkApply.addEventListener('click', applyLink);
  linkRemove.addEventListener('click', removeLink);
  linkCancel.addEventListener('click', closeLinkForm);
  linkForm.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeLinkForm();
    } else if (event.key === 'Enter' && event.target === linkInput) {
      event.preventDefault();
      applyLink();
    }
  });

  // --- events -------------------------------------------------------------------------
  editor.on('transaction', refresh);
  editor.on('focus', refresh);
  if (typeof onChange === 'function') {
    editor.on('update', () => onChange(docToBlocks(editor.getJSON())));
  }
  refresh();

  return {
    /** The body as blocks (warraq's format). */
    getBlocks: () => docToBlocks(editor.getJSON()),
    /** Replaces the whole document (onChange is not called). */
    setBlocks(next) {
      editor.commands.setContent(blocksToDoc(next), { emitUpdate: false });
      refresh();
    },
    /** Inserts a picture after the block holding the caret (or in place of an empty paragraph). */
    insertImage({ media_id, caption = null, credit = null, thumbnail_url = null } = {}) {
      if (!Number.isSafeInteger(media_id) || media_id <= 0) {
        throw new TypeError('insertImage: media_id must be a positive integer');
      }
      const node = {
        type: 'image',
        attrs: {
          media_id,
          caption: cleanOptional(caption),
          credit: cleanCredit(credit),
          thumbnail_url: typeof thumbnail_url === 'string' && thumbnail_url ? thumbnail_url : null,
        },
      };
      const { selection, doc } = editor.state;
      const { $from } = selection;
      let at;
      if ($from.depth === 0) {
        at = selection.to; // a selected image or a gap cursor: after it
      } else {
        const top = $from.node(1);
        const from = $from.before(1);
        const to = $from.after(1);
        at = top.isTextblock && top.content.size === 0 ? { from, to } : to;
      }
      if (typeof at === 'number') at = Math.min(at, doc.content.size);
      const done = editor.chain().insertContentAt(at, node).run();
      editor.view.focus();
      return done;
    },
    focus: () => editor.view.focus(),
    destroy() {
      editor.destroy();
      root.remove();
    },
    get linkFormOpen() {
      return linkOpen;
    },
  };
}
