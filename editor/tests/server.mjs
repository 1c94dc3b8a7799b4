// A tiny static server for demo.html and the built bundle, with a strict CSP: the page's
// `default-src 'self'` (no inline script or style, no eval). Run alone for manual checks:
//   node tests/server.mjs [port]     (npm run demo)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const editorDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = resolve(editorDir, '../crates/warraq-web/static');
export const CSP = "default-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** A stand-in for warraq's /media/{id}/480 rendition: a labelled grey picture. */
function thumbnail(id) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270" viewBox="0 0 480 270">` +
    `<rect width="480" height="270" fill="#c9c2b8"/><text x="240" y="150" font-size="40" ` +
    `text-anchor="middle" fill="#1b1b1b" font-family="sans-serif">media ${id}</text></svg>`;
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const send = (status, type, body) => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  if (url.pathname === '/favicon.ico') return send(204, TYPES['.txt'], '');
  const media = url.pathname.match(/^\/media\/(\d+)\/480$/);
  if (media) return send(200, TYPES['.svg'], thumbnail(media[1]));
  let file = null;
  if (url.pathname === '/' || url.pathname === '/demo.html') file = join(editorDir, 'demo.html');
  else if (url.pathname === '/demo.js') file = join(editorDir, 'demo.js');
  else if (url.pathname.startsWith('/static/')) {
    const path = normalize(join(staticDir, decodeURIComponent(url.pathname.slice('/static/'.length))));
    if (path.startsWith(staticDir + '/')) file = path;
  }
  if (!file) return send(404, TYPES['.txt'], 'not found');
  try {
    const body = await readFile(file);
    send(200, TYPES[file.slice(file.lastIndexOf('.'))] || 'application/octet-stream', body);
  } catch {
    send(404, TYPES['.txt'], 'not found');
  }
}

/** Starts the server on 127.0.0.1 (port 0: a free one); resolves to {url, close()}. */
export function startServer(port = 0) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolveStart) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolveStart({
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(Number(process.argv[2] || 8090));
  console.log(`newsroom editor demo: ${url}/`);
}
