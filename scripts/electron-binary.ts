// Before `npm start` and `npm run demo` launch Electron: is its binary there? The `electron`
// package downloads it lazily (its install.js) and, when that fails, ends in a raw stack trace
// that names a command failing the same way. This checks first, tries the download once (as
// the package would), and otherwise says in one paragraph what is missing, how to get it, and
// what works without it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; expected: string };

/** Where the `electron` package in `electronDir` runs its binary from, and whether it is there. */
export function locateElectron(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    : path.join(electronDir, 'dist', relative || 'electron');
  return fs.existsSync(binary) ? { found: true, path: binary } : { found: false, expected: binary };
}

/** The last line of a failed download's output that says something ("TypeError: fetch failed"). */
export function downloadFailure(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  return lines.at(-1) ?? 'no output';
}

/**
 * The paragraph printed when Electron cannot be had; `failure` says why the download failed, or
 * names ELECTRON_OVERRIDE_DIST_PATH when that points where no binary is.
 */
export function missingElectronMessage(expected: string, failure: string, root: string): string {
  const where = path.relative(root, expected) || expected;
  const why =
    failure === 'ELECTRON_OVERRIDE_DIST_PATH'
      ? 'where ELECTRON_OVERRIDE_DIST_PATH points'
      : `and could not be downloaded (${failure})`;
  return [
    `purge-watch: the tray app needs the Electron binary, which is missing (${where})`,
    `${why}. Get it with \`node node_modules/electron/install.js\``,
    `on a network that reaches Electron's releases (GitHub, or a mirror in ELECTRON_MIRROR), or set`,
    `ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron of the version in package.json. Without`,
    `it, the command line (\`npm run build && node dist/cli/purge-watch.js --help\`) and the fake`,
    `ImageKit server (\`npm run fake-imagekit\`) work as they are.`,
  ].join('\n');
}

export interface EnsureOptions {
  root: string;
  electronDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Announce a download about to start. */
  say?: (line: string) => void;
}

/**
 * The Electron binary's path, downloading it first when missing (once, quietly); when that
 * fails, an Error whose message is the paragraph to print.
 */
export function ensureElectron(options: EnsureOptions): string {
  const { root, env = process.env, say = (line) => process.stderr.write(`${line}\n`) } = options;
  const electronDir = options.electronDir ?? path.join(root, 'node_modules', 'electron');
  const first = locateElectron(electronDir, env);
  if (first.found) return first.path;
  const installer = path.join(electronDir, 'install.js');
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    throw new Error(missingElectronMessage(first.expected, 'ELECTRON_OVERRIDE_DIST_PATH', root));
  }
  let failure = 'the electron package is not installed: run npm install';
  if (fs.existsSync(installer)) {
    say('purge-watch: downloading the Electron binary (first start)…');
    const result = spawnSync(process.execPath, [installer], {
      cwd: electronDir,
      env,
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    const again = locateElectron(electronDir, env);
    if (result.status === 0 && again.found) return again.path;
    failure = result.error
      ? result.error.message
      : downloadFailure(`${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  }
  throw new Error(missingElectronMessage(first.expected, failure, root));
}
