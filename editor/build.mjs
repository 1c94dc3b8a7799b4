// Builds the newsroom editor bundle into crates/warraq-web/static/newsroom/:
//   editor.js     one minified ES module (mountEditor, blocksToDoc, docToBlocks, isAllowedHref)
//   editor.css    the editor's styles (the bundle injects none: CSP style-src 'self')
//   LICENSES.txt  the licence texts of every package bundled, read from node_modules
// Deterministic: same sources and lockfile, same bytes (checked by `npm run check-reproducible`).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, process.env.WARRAQ_EDITOR_OUT || '../crates/warraq-web/static/newsroom');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

mkdirSync(outDir, { recursive: true });

const banner = '/*! warraq newsroom editor. Bundled third-party code: see LICENSES.txt beside this file. */';
const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: banner, css: banner },
};

const js = await esbuild.build({
  ...common,
  entryPoints: ['src/editor.js'],
  outfile: join(outDir, 'editor.js'),
  format: 'esm',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  define: { 'process.env.NODE_ENV': '"production"' },
});
const css = await esbuild.build({
  ...common,
  entryPoints: ['src/editor.css'],
  outfile: join(outDir, 'editor.css'),
  target: ['chrome100', 'firefox100', 'safari15'],
});

const jsText = js.outputFiles[0].text;
const cssText = css.outputFiles[0].text;

// The page's CSP has no 'unsafe-eval' and no inline styles: refuse a bundle that needs them.
const forbidden = [
  [/\bnew Function\b/, 'new Function'],
  [/\beval\(/, 'eval('],
  [/createElement\(["']style["']\)/, "createElement('style') outside Tiptap's disabled injectCSS"],
];
for (const [re, what] of forbidden) {
  const hits = jsText.match(new RegExp(re, 'g')) || [];
  // Tiptap's createStyleTag is present but never called (injectCSS: false); allow exactly that one.
  const allowed = what.startsWith('createElement') ? 1 : 0;
  if (hits.length > allowed) {
    console.error(`build: the bundle contains ${what} (${hits.length}x): it would break under the page's CSP`);
    process.exit(1);
  }
}

// Licences: every package with a file in either bundle, its licence text from node_modules.
function packageOf(input) {
  const parts = input.split('/');
  const i = parts.lastIndexOf('node_modules');
  if (i < 0) return null;
  const name = parts[i + 1].startsWith('@') ? `${parts[i + 1]}/${parts[i + 2]}` : parts[i + 1];
  return { name, dir: parts.slice(0, i + 1).join('/') + '/' + name };
}
const packages = new Map();
for (const meta of [js.metafile, css.metafile]) {
  for (const input of Object.keys(meta.inputs)) {
    const p = packageOf(input);
    if (p) packages.set(p.name, p.dir);
  }
}
const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;
const sections = [];
for (const name of [...packages.keys()].sort()) {
  const dir = join(here, packages.get(name));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const files = readdirSync(dir).filter((f) => LICENCE_FILE.test(f)).sort();
  if (files.length === 0) {
    console.error(`build: ${name} has no licence file in node_modules; cannot ship it`);
    process.exit(1);
  }
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n/g, '\n').trim());
  sections.push(
    [`${name}@${manifest.version}`, `License: ${manifest.license || '(see text)'}`, manifest.homepage ? `Homepage: ${manifest.homepage}` : null]
      .filter(Boolean)
      .join('\n') + '\n\n' + texts.join('\n\n'),
  );
}
const rule = '-'.repeat(78);
const licences =
  `Third-party software bundled in editor.js and editor.css (warraq newsroom editor),\n` +
  `built from editor/ (${pkg.name}) with esbuild. ${sections.length} packages.\n\n` +
  sections.map((s) => `${rule}\n${s}\n`).join('\n');

writeFileSync(join(outDir, 'editor.js'), jsText);
writeFileSync(join(outDir, 'editor.css'), cssText);
writeFileSync(join(outDir, 'LICENSES.txt'), licences);

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const [name, text] of [['editor.js', jsText], ['editor.css', cssText], ['LICENSES.txt', licences]]) {
  const bytes = Buffer.from(text);
  console.log(`${relative(process.cwd(), join(outDir, name))}: ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
}
if (!existsSync(join(outDir, 'editor.js'))) process.exit(1);
