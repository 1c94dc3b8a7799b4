// Demo page script (not shipped). `?empty` starts with an empty body.
import { mountEditor } from '/static/newsroom/editor.js';

const SAMPLE = [
  {
    type: 'paragraph',
    text: 'أعلنت الحكومة اليوم عن خطة جديدة لدعم الصحافة المستقلة، بحسب بيان نشرته وكالة AFP.',
    marks: [
      { start: 6, end: 13, type: 'strong' },
      { start: 72, end: 81, type: 'link', href: 'https://www.afp.com/ar' },
    ],
  },
  { type: 'subheading', text: 'ردود الفعل' },
  { type: 'quote', text: 'هذه خطوة طال انتظارها 🎉', attribution: 'نقيب الصحفيين', marks: [{ start: 4, end: 8, type: 'emphasis' }] },
  { type: 'paragraph', text: 'Reporters Without Borders welcomed the plan.' },
  { type: 'list', ordered: false, items: ['تمويل للمؤسسات الصغيرة', 'تدريب للصحفيين الشباب'] },
  { type: 'list', ordered: true, items: ['المرحلة الأولى', 'المرحلة الثانية'] },
  { type: 'image', media_id: 12, caption: 'مبنى البرلمان', credit: { kind: 'agency', code: 'AFP' } },
];

const out = document.getElementById('blocks');
const show = (blocks) => {
  out.textContent = JSON.stringify(blocks, null, 2);
};
const empty = new URLSearchParams(location.search).has('empty');
const editor = mountEditor({
  element: document.getElementById('editor'),
  blocks: empty ? [] : SAMPLE,
  onChange: (blocks) => {
    window.changes = (window.changes || 0) + 1;
    show(blocks);
  },
});
show(editor.getBlocks());
window.warraqEditor = editor; // for the browser test and the console

let nextId = 40;
document.getElementById('insert-image').addEventListener('click', () => {
  const id = nextId++;
  editor.insertImage({ media_id: id, caption: `صورة رقم ${id}`, credit: { kind: 'other', name: 'ورّاق' } });
});
document.getElementById('reset').addEventListener('click', () => {
  editor.setBlocks(SAMPLE);
  show(editor.getBlocks());
});
