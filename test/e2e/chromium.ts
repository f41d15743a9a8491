// Headless Chromium and the built window, without the app around it: what the window's tests
// (./harness) and the renderer's benchmark (bench/renderer.bench.ts) share. Nothing here loads
// a module of src/main, so a plain `tsx` process (the bench) can import it: src/main imports
// `electron`, which only vitest maps to the mock.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { IN_CI, warnSkipped } from '../support/ci';
import { builtFile } from '../support/built-app';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The built window: the test run's own (the checkout's dist/renderer for the benches). */
export const RENDERER_DIR = builtFile('renderer');
export const CHROMIUM = process.env.PURGE_WATCH_CHROMIUM ?? '/usr/bin/chromium';
/** The CSP the app's custom protocol serves the window with. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:";

/** Why the browser tests cannot run here, or undefined when they can. */
export const chromiumProblem: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM}`;

export const CHROMIUM_HOW_TO_RUN =
  'apt-get install -y chromium (or set PURGE_WATCH_CHROMIUM to a Chromium), then npm test';

/** describe.skipIf() argument: skip (saying why) outside CI, never skip (fail) in CI. */
export function skipBrowserTests(): boolean {
  if (!chromiumProblem || IN_CI) return false; // under CI, launching fails the tests
  warnSkipped("the window's end-to-end tests", chromiumProblem, CHROMIUM_HOW_TO_RUN);
  return true;
}

/**
 * Chromium's environment: this process's, without its D-Bus session. Chromium joins the session
 * bus when it has one, and aborts (a core file in its working folder, the checkout) when that bus
 * goes away under it: under `npm test` it is the private keyring's bus, which ends with the run,
 * at once on Ctrl-C, before a browser still closing. The window needs nothing on the bus.
 */
function chromiumEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  return env;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    env: chromiumEnv(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Builds dist/ when its renderer is missing or older than its sources: for the benches. A test
 * run never needs it (its global setup builds the run's own, test/support/built-app.ts).
 */
export function ensureRendererBuilt(): void {
  const built = join(RENDERER_DIR, 'index.js');
  const newestSource = Math.max(
    ...['src/renderer', 'src/shared'].flatMap((dir) =>
      readdirSync(join(REPO, dir)).map((file) => statSync(join(REPO, dir, file)).mtimeMs),
    ),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'pipe' });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

let servedCopy: Promise<string> | undefined;
let copyUsers = 0;

/**
 * A private copy of the built renderer, shared by the windows open at once: a build started
 * meanwhile into the same folder (dist/ under the benches; it is emptied first) cannot pull
 * files from under a running page. Each `rendererCopy()` is paired with a
 * `releaseRendererCopy()`; the last one removes the copy.
 */
export function rendererCopy(): Promise<string> {
  copyUsers++;
  servedCopy ??= copyRenderer();
  return servedCopy;
}

export async function releaseRendererCopy(): Promise<void> {
  if (copyUsers === 0 || --copyUsers > 0 || !servedCopy) return;
  const copy = servedCopy;
  servedCopy = undefined;
  rmSync(await copy, { recursive: true, force: true });
}

async function copyRenderer(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'purge-watch-renderer-'));
  for (let attempt = 0; ; attempt++) {
    try {
      cpSync(RENDERER_DIR, copy, { recursive: true });
      if (existsSync(join(copy, 'index.html')) && existsSync(join(copy, 'index.js'))) break;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
    if (attempt >= 20) throw new Error(`${RENDERER_DIR} is incomplete: run npm run build.`);
    await new Promise((resolve) => setTimeout(resolve, 250)); // a build is running
  }
  return copy;
}

/** Serves the built renderer on 127.0.0.1 with the app's CSP, as the app:// protocol does. */
export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  const root = await rendererCopy();
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await releaseRendererCopy();
    },
  };
}
