// Starts the real warraq binary with demo content on a free port and waits for /healthz.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export function warraqBin() {
  const bin = process.env.WARRAQ_BIN;
  if (!bin) throw new Error('WARRAQ_BIN must name the warraq binary (scripts/test sets it)');
  return bin;
}

export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), 'warraq-browser-'));
}

// `demo`: fill the store with demo content; `data`: an existing data folder to serve.
export async function startWarraq({ demo = true, data = freshDataDir() } = {}) {
  const bin = warraqBin();
  const args = ['serve', '--addr', '127.0.0.1:0', '--data', data].concat(demo ? ['--demo'] : []);
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = line.match(/http:\/\/\S+/);
      match ? resolve(match[0]) : reject(new Error(`no address in: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`warraq exited early with ${code}`)));
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('warraq never became healthy');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// Debian's Chromium, headless, with the background services off: this machine's network is
// closed and Chromium would otherwise keep trying to reach Google's hosts.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
