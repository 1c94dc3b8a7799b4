// The newsroom's page script (an ES module). Every page works without it except the body
// editor; on the editor page it mounts the editor bundle, saves after a pause in typing
// and when the page is left, keeps an unsaved copy in this browser, and never replaces
// someone else's newer version without being asked.

const $ = (selector, root = document) => root.querySelector(selector);

const AUTOSAVE_AFTER_MS = 3000;

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

/** Western digits for Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) ones. */
export function toWesternDigits(text) {
  return String(text ?? '').replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
  });
}

function numberOrNull(text) {
  const value = toWesternDigits(text).trim();
  return value === '' ? null : Number(value);
}

function splitList(text) {
  return String(text ?? '')
    .split(/[,،;؛\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

async function sendJson(method, url, body, { keepalive = false } = {}) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    keepalive,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-CSRF-Token': csrfToken(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    // An empty or non-JSON answer: the status says enough.
  }
  return { response, json };
}

async function getJson(url) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// ---- the editor page ------------------------------------------------------------------

class EditorPage {
  constructor(data) {
    this.data = data;
    this.strings = data.strings;
    this.id = data.id;
    this.version = data.version;
    this.form = $('#article-form');
    this.statusLine = $('#save-status');
    this.problem = $('#save-problem');
    this.storageKey = `warraq.unsaved.${this.id ?? 'new'}`;
    this.editor = null;
    this.dirty = false;
    this.changes = 0;
    this.stale = false;
    this.timer = null;
    this.saving = null;
    this.related = JSON.parse($('#related-json')?.value || '[]');
    this.relatedTitles = [...document.querySelectorAll('#related-list li')].map(
      (li) => li.querySelector('.nr-related-title')?.textContent ?? '',
    );
    this.dialogMode = 'hero';
  }

  async start() {
    await this.mountBody();
    this.bindFields();
    this.bindSaving();
    this.bindHero();
    this.bindRelated();
    this.bindWorkflow();
    this.offerLocalCopy();
  }

  async mountBody() {
    const container = $('#body-editor');
    const loading = $('#editor-loading');
    if (!this.data.editable) {
      loading?.remove();
      for (const block of this.data.content.body) {
        const text =
          block.type === 'list' ? block.items.join('\n') : block.text ?? block.caption ?? '';
        container.append(element('p', { dir: 'auto', text }));
      }
      return;
    }
    try {
      const { mountEditor } = await import(this.data.editor_src);
      this.editor = mountEditor({
        element: container,
        blocks: this.data.content.body,
        onChange: (blocks) => {
          $('#body-json').value = JSON.stringify(blocks);
          this.changed();
        },
        thumbnailUrl: (id) => `/newsroom/media/${id}/480`,
      });
      loading?.remove();
      for (const button of document.querySelectorAll('[data-action="insert-photo"]')) {
        button.hidden = false;
      }
    } catch (error) {
      if (loading) loading.textContent = `${this.strings.save_failed}: ${error.message}`;
    }
  }

  /** The page's content, as the server's EditorContent. */
  content() {
    const form = new FormData(this.form);
    return {
      headline: String(form.get('headline') ?? ''),
      subheadline: String(form.get('subheadline') ?? ''),
      lede: String(form.get('lede') ?? ''),
      body: this.editor ? this.editor.getBlocks() : JSON.parse($('#body-json').value || '[]'),
      section_id: numberOrNull(form.get('section_id')),
      tags: splitList(form.get('tags')),
      author_ids: form.getAll('author_ids').map((v) => numberOrNull(v)),
      bureau_id: numberOrNull(form.get('bureau_id')),
      wire_sources: splitList(form.get('wire_sources')),
      hero_id: numberOrNull(form.get('hero_id')),
      related: this.related,
    };
  }

  fill(content) {
    const set = (name, value) => {
      const field = this.form.elements.namedItem(name);
      if (field) field.value = value ?? '';
    };
    set('headline', content.headline);
    set('subheadline', content.subheadline);
    set('lede', content.lede);
    set('section_id', content.section_id);
    set('tags', (content.tags ?? []).join('، '));
    set('wire_sources', (content.wire_sources ?? []).join('، '));
    set('bureau_id', content.bureau_id ?? '');
    const authors = new Set((content.author_ids ?? []).map(String));
    for (const option of $('#author_ids')?.options ?? []) option.selected = authors.has(option.value);
    $('#body-json').value = JSON.stringify(content.body ?? []);
    this.editor?.setBlocks(content.body ?? []);
    this.related = content.related ?? [];
    this.relatedTitles = this.related.map((link, i) => this.relatedTitles[i] ?? titleOf(link));
    this.renderRelated();
    if (content.hero_id !== this.content().hero_id) {
      this.setHero(content.hero_id ? { id: content.hero_id, thumbnail_url: `/newsroom/media/${content.hero_id}/480`, caption: '', alt: '' } : null);
    }
  }

  bindFields() {
    for (const field of this.form.querySelectorAll('input, textarea, select')) {
      if (field.type === 'hidden' || field.id === 'related-q' || field.id === 'correction') continue;
      field.addEventListener('input', () => this.changed());
      field.addEventListener('change', () => this.changed());
    }
  }

  setStatus(text) {
    this.statusLine.textContent = text;
  }

  changed() {
    this.dirty = true;
    this.changes += 1;
    this.keepLocal();
    this.setStatus(this.strings.unsaved);
    if (this.data.autosave && this.id != null && !this.stale) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.save(), AUTOSAVE_AFTER_MS);
    }
  }

  // The unsaved copy: what was typed and the version it was typed over, so that restoring
  // it later still meets the stale check instead of overwriting newer work.
  keepLocal() {
    try {
      localStorage.setItem(
        this.storageKey,
        JSON.stringify({ version: this.version, content: this.content(), at: Date.now() }),
      );
    } catch {
      // Storage full or refused: the server copy is the only one.
    }
  }

  dropLocal() {
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      // Nothing kept.
    }
  }

  offerLocalCopy() {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(this.storageKey) ?? 'null');
    } catch {
      kept = null;
    }
    if (!kept || !this.data.editable) return;
    if (JSON.stringify(kept.content) === JSON.stringify(this.data.content)) {
      this.dropLocal();
      return;
    }
    const box = element(
      'div',
      { class: 'nr-problem', role: 'alert' },
      element('p', { text: this.strings.restored_local }),
      element(
        'p',
        { class: 'nr-actions' },
        element('button', {
          type: 'button',
          class: 'nr-button nr-primary',
          text: this.strings.restore_local,
          onclick: () => {
            if (kept.version != null) this.version = kept.version;
            this.updateVersionFields();
            this.fill(kept.content);
            box.remove();
            this.changed();
          },
        }),
        element('button', {
          type: 'button',
          class: 'nr-button',
          text: this.strings.discard_local,
          onclick: () => {
            this.dropLocal();
            box.remove();
          },
        }),
      ),
    );
    this.form.before(box);
  }

  updateVersionFields() {
    for (const id of ['form-version', 'workflow-version']) {
      const field = document.getElementById(id);
      if (field) field.value = this.version;
    }
    const shown = $('#article-version');
    if (shown) shown.textContent = this.version;
  }

  showProblem(...children) {
    this.problem.replaceChildren(...children);
    this.problem.hidden = false;
  }

  hideProblem() {
    this.problem.hidden = true;
    this.problem.replaceChildren();
  }

  /** Saves now; resolves to true when the server has the page's content. */
  async save({ explicit = false, keepalive = false } = {}) {
    clearTimeout(this.timer);
    if (!this.data.editable || this.id == null) return false;
    if (this.saving) await this.saving;
    if (!this.dirty && !explicit) return true;
    const sentAt = this.changes;
    const body = { version: this.version, content: this.content() };
    const note = $('#correction')?.value.trim();
    if (explicit && note) body.correction = note;
    this.setStatus(this.strings.saving);
    const attempt = (async () => {
      try {
        const { response, json } = await sendJson('PUT', `/newsroom/api/articles/${this.id}`, body, { keepalive });
        if (response.ok) {
          this.version = json.version;
          this.updateVersionFields();
          this.stale = false;
          this.hideProblem();
          if (note) $('#correction').value = '';
          if (this.changes === sentAt) {
            this.dirty = false;
            this.dropLocal();
            this.setStatus(this.strings.saved);
          } else {
            this.keepLocal();
            this.changed();
          }
          return true;
        }
        this.setStatus(this.strings.save_failed);
        if (response.status === 409 && json?.current) {
          this.conflict(json);
        } else {
          const message = json?.error?.message ?? `${response.status}`;
          const reason = json?.error?.reason;
          this.showProblem(element('p', { text: `${this.strings.save_failed}: ${message}` }), reason ? element('p', { class: 'nr-reason', dir: 'ltr', text: reason }) : null);
        }
        return false;
      } catch {
        this.setStatus(this.strings.save_failed);
        return false;
      }
    })();
    this.saving = attempt;
    try {
      return await attempt;
    } finally {
      this.saving = null;
    }
  }

  /** Someone saved first: keep the text, say so, offer to look or to overwrite. */
  conflict(answer) {
    this.stale = true;
    this.keepLocal();
    const current = answer.current;
    const otherUrl = `/newsroom/articles/${this.id}/revisions/${current.version}`;
    this.showProblem(
      element('p', { text: answer.error?.message ?? this.strings.stale_message }),
      element(
        'p',
        { class: 'nr-actions' },
        element('a', { class: 'nr-button', href: otherUrl, target: '_blank', rel: 'noopener', text: this.strings.see_other_version }),
        element('button', {
          type: 'button',
          class: 'nr-button nr-danger',
          'data-action': 'overwrite',
          text: this.strings.overwrite,
          onclick: async () => {
            if (!window.confirm(this.strings.overwrite_confirm)) return;
            // Deliberately over the version now stored: the other one stays a revision.
            this.version = current.version;
            this.stale = false;
            this.dirty = true;
            await this.save({ explicit: true });
          },
        }),
      ),
    );
    $('[data-action="overwrite"]', this.problem)?.focus();
  }

  async create() {
    this.setStatus(this.strings.saving);
    const { response, json } = await sendJson('POST', '/newsroom/api/articles', { content: this.content() });
    if (response.ok) {
      this.dirty = false;
      this.dropLocal();
      this.setStatus(this.strings.saved);
      window.location.assign(json.url);
      return;
    }
    this.setStatus(this.strings.save_failed);
    this.showProblem(element('p', { text: `${this.strings.save_failed}: ${json?.error?.message ?? response.status}` }), json?.error?.reason ? element('p', { class: 'nr-reason', dir: 'ltr', text: json.error.reason }) : null);
  }

  bindSaving() {
    this.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (this.id == null) await this.create();
      else await this.save({ explicit: true });
    });
    // Leaving the page (another tab, closing it, navigating): save what is typed.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && this.dirty && this.data.autosave && !this.stale) {
        this.save({ keepalive: true });
      }
    });
    window.addEventListener('beforeunload', (event) => {
      if (this.dirty) {
        this.keepLocal();
        event.preventDefault();
      }
    });
  }

  // ---- pictures ----

  setHero(item) {
    $('#hero_id').value = item ? item.id : '';
    const preview = $('#hero-preview');
    if (item) {
      preview.replaceChildren(
        element(
          'figure',
          { class: 'nr-hero-figure' },
          element('img', { src: item.thumbnail_url, alt: item.alt ?? '', width: 240 }),
          element('figcaption', { text: item.caption ?? '' }),
        ),
      );
    } else {
      preview.replaceChildren(element('p', { class: 'nr-hint', text: this.strings.no_hero }));
    }
    $('[data-action="remove-hero"]').hidden = !item || !this.data.editable;
  }

  bindHero() {
    const dialog = $('#photo-dialog');
    const choose = $('[data-action="choose-hero"]');
    const remove = $('[data-action="remove-hero"]');
    if (!dialog || !this.data.editable) return;
    choose.hidden = false;
    remove.hidden = !$('#hero_id').value;
    choose.addEventListener('click', () => this.openPhotos('hero', choose));
    remove.addEventListener('click', () => {
      this.setHero(null);
      this.changed();
      choose.focus();
    });
    for (const button of document.querySelectorAll('[data-action="insert-photo"]')) {
      button.addEventListener('click', () => this.openPhotos('insert', button));
    }
    $('#photo-search').addEventListener('submit', (event) => {
      event.preventDefault();
      this.searchPhotos();
    });
    $('[data-action="close-dialog"]', dialog).addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => this.dialogOpener?.focus());
  }

  openPhotos(mode, opener) {
    this.dialogMode = mode;
    this.dialogOpener = opener;
    const dialog = $('#photo-dialog');
    dialog.showModal();
    $('#photo-q').focus();
    this.searchPhotos();
  }

  async searchPhotos() {
    const list = $('#photo-results');
    const q = $('#photo-q').value.trim();
    let items = [];
    try {
      items = (await getJson(`/newsroom/api/media?limit=24&q=${encodeURIComponent(q)}`)).items ?? [];
    } catch {
      items = [];
    }
    if (items.length === 0) {
      list.replaceChildren(element('li', { text: this.strings.no_results }));
      return;
    }
    list.replaceChildren(
      ...items.map((item) =>
        element(
          'li',
          {},
          element(
            'button',
            {
              type: 'button',
              class: 'nr-photo-choice',
              'data-media-id': item.id,
              onclick: () => this.pickPhoto(item),
            },
            element('img', { src: item.thumbnail_url, alt: '', width: 160, loading: 'lazy' }),
            element('span', { text: `${this.strings.pick}: ${item.caption || item.alt || `#${item.id}`}` }),
          ),
        ),
      ),
    );
  }

  pickPhoto(item) {
    $('#photo-dialog').close();
    if (this.dialogMode === 'hero') {
      this.setHero(item);
      this.changed();
    } else if (this.editor) {
      this.editor.insertImage({
        media_id: item.id,
        caption: item.caption || null,
        credit: item.credit ?? null,
        thumbnail_url: item.thumbnail_url,
      });
      this.editor.focus();
    }
  }

  // ---- related articles ----

  bindRelated() {
    this.renderRelated();
    const search = $('.nr-related-search');
    if (!search || !this.data.editable) return;
    search.hidden = false;
    $('[data-action="search-related"]').addEventListener('click', () => this.searchRelated());
    $('#related-q').addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.searchRelated();
      }
    });
  }

  renderRelated() {
    const list = $('#related-list');
    if (!list) return;
    $('#related-json').value = JSON.stringify(this.related);
    $('#related-empty')?.remove();
    if (this.related.length === 0) {
      list.replaceChildren();
      list.after(element('p', { class: 'nr-hint', id: 'related-empty', text: this.strings.no_related }));
      return;
    }
    list.replaceChildren(
      ...this.related.map((link, index) => {
        const title = this.relatedTitles[index] || titleOf(link);
        const button = (label, action, disabled) =>
          element('button', {
            type: 'button',
            class: 'nr-small-button',
            'aria-label': `${label}: ${title}`,
            'data-related-action': action,
            disabled: disabled || !this.data.editable,
            text: label,
            onclick: () => this.moveRelated(index, action),
          });
        return element(
          'li',
          {},
          element('span', { class: 'nr-related-title', text: title }),
          element(
            'span',
            { class: 'nr-related-buttons' },
            button(this.strings.move_up, 'up', index === 0),
            button(this.strings.move_down, 'down', index === this.related.length - 1),
            button(this.strings.remove, 'remove', false),
          ),
        );
      }),
    );
  }

  moveRelated(index, action) {
    const swap = (a, b) => {
      [this.related[a], this.related[b]] = [this.related[b], this.related[a]];
      [this.relatedTitles[a], this.relatedTitles[b]] = [this.relatedTitles[b], this.relatedTitles[a]];
    };
    let focusAt = index;
    if (action === 'up' && index > 0) {
      swap(index, index - 1);
      focusAt = index - 1;
    } else if (action === 'down' && index < this.related.length - 1) {
      swap(index, index + 1);
      focusAt = index + 1;
    } else if (action === 'remove') {
      this.related.splice(index, 1);
      this.relatedTitles.splice(index, 1);
      focusAt = Math.min(index, this.related.length - 1);
    }
    this.renderRelated();
    this.changed();
    // Keep the keyboard where it was: on the same item's button, or the search.
    const item = $('#related-list').children[focusAt];
    const again = item?.querySelector(`[data-related-action="${action}"]:not([disabled])`) ?? item?.querySelector('button:not([disabled])');
    (again ?? $('#related-q'))?.focus();
  }

  async searchRelated() {
    const q = $('#related-q').value.trim();
    const list = $('#related-results');
    if (!q) return;
    let items = [];
    try {
      items = (await getJson(`/newsroom/api/articles/search?q=${encodeURIComponent(q)}`)).items ?? [];
    } catch {
      items = [];
    }
    const taken = new Set(this.related.filter((l) => l.kind === 'article').map((l) => l.id));
    items = items.filter((item) => item.id !== this.id && !taken.has(item.id));
    if (items.length === 0) {
      list.replaceChildren(element('li', { text: this.strings.no_results }));
      return;
    }
    list.replaceChildren(
      ...items.map((item) =>
        element(
          'li',
          {},
          element('span', { text: `${item.headline} ` }),
          element('span', { class: 'nr-hint', text: `(${item.section} · ${item.status}) ` }),
          element('button', {
            type: 'button',
            class: 'nr-small-button',
            'aria-label': `${this.strings.pick}: ${item.headline}`,
            text: this.strings.pick,
            onclick: (event) => {
              this.related.push({ kind: 'article', id: item.id });
              this.relatedTitles.push(item.headline);
              event.target.closest('li').remove();
              this.renderRelated();
              this.changed();
              $('#related-q').focus();
            },
          }),
        ),
      ),
    );
  }

  // ---- workflow ----

  bindWorkflow() {
    const form = $('#workflow-form');
    if (!form) return;
    form.addEventListener('submit', async (event) => {
      if (form.dataset.saved === 'yes') return;
      // Words typed and not yet saved go first, so the move is of what is on the screen.
      if (this.dirty && this.data.editable) {
        event.preventDefault();
        const submitter = event.submitter;
        const saved = await this.save();
        if (saved) {
          this.updateVersionFields();
          form.dataset.saved = 'yes';
          form.requestSubmit(submitter);
        }
      }
    });
  }
}

function titleOf(link) {
  return link.kind === 'article' ? `#${link.id}` : link.title ?? '';
}

const data = $('#editor-data');
if (data) {
  const page = new EditorPage(JSON.parse(data.textContent));
  window.warraqEditorPage = page;
  page.start();
}
