// The packed CLI (purge-watch-<version>.tgz, packed by scripts/build.mjs into the build that
// test/support/built-app.ts locates) installed as a user on a deploy machine gets it: into an
// empty folder, by `npm install --omit=optional`, with a clean npm configuration and cache,
// offline, with libsecret's headers hidden from pkg-config and a node-gyp that records any
// attempt at a native build. Used by the packaging tests, the action's test and `npm run bench`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtFile } from './built-app';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_PACKAGE_DIR = path.join(ROOT, 'packages/cli');

export function cliPackageVersion(): string {
  const manifest = fs.readFileSync(path.join(CLI_PACKAGE_DIR, 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/** The tarball the build packed. */
export function cliTarball(): string {
  const tarball = builtFile(`purge-watch-${cliPackageVersion()}.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`${tarball} is missing: run npm run build`);
  return tarball;
}

/** A throwaway machine: an empty project folder, npm config, cache and HOME of its own. */
export interface CleanMachine {
  root: string;
  /** The empty folder the user installs into. */
  project: string;
  /** Environment for npm and the installed CLI: no repository on PATH, no libsecret visible. */
  env: Record<string, string>;
  /** Written by the tripwire node-gyp if npm ever tried to build native code. */
  nativeBuildMarker: string;
  remove(): void;
}

export function cleanMachine(): CleanMachine {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-install-'));
  const dirs = Object.fromEntries(
    ['project', 'home', 'cache', 'pkgconfig', 'global', 'tools'].map((name) => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      return [name, dir];
    }),
  ) as Record<string, string>;
  const nativeBuildMarker = path.join(root, 'native-build-attempted');
  const nodeGyp = path.join(dirs.tools!, 'node-gyp');
  fs.writeFileSync(nodeGyp, `#!/bin/sh\necho "$@" >> '${nativeBuildMarker}'\nexit 1\n`, {
    mode: 0o755,
  });
  const [userConfig, globalConfig] = ['user.npmrc', 'global.npmrc'].map((name) => {
    fs.writeFileSync(path.join(root, name), '');
    return path.join(root, name);
  }) as [string, string];
  const env: Record<string, string> = {
    // node and npm, the npm "global" bin of this machine, the system; never the repository's
    // node_modules/.bin (no Electron, no keytar, no esbuild reachable).
    PATH: [path.join(dirs.global!, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(
      path.delimiter,
    ),
    HOME: dirs.home!,
    TMPDIR: os.tmpdir(),
    // No nodedir, registry or cache settings of this machine's npm.
    npm_config_userconfig: userConfig,
    npm_config_globalconfig: globalConfig,
    npm_config_cache: dirs.cache!,
    npm_config_prefix: dirs.global!,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_node_gyp: nodeGyp,
    // libsecret's headers hidden: pkg-config finds no libsecret-1, so keytar could not compile.
    PKG_CONFIG_LIBDIR: dirs.pkgconfig!,
    PKG_CONFIG_PATH: dirs.pkgconfig!,
    CPATH: dirs.pkgconfig!,
  };
  return {
    root,
    project: dirs.project!,
    env,
    nativeBuildMarker,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export interface Install {
  ms: number;
  /** Bytes on disk under the project's node_modules (file sizes, not blocks). */
  bytes: number;
  /** Every package folder installed (node_modules/<name>, scoped ones too). */
  packages: string[];
  output: string;
}

/** `npm install --omit=optional <tarball>` in the machine's empty project folder. */
export function installCli(machine: CleanMachine, tarball = cliTarball()): Install {
  const started = performance.now();
  const result = spawnSync('npm', ['install', '--omit=optional', tarball], {
    cwd: machine.project,
    env: machine.env,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`npm install failed (${result.status}):\n${output}`);
  const modules = path.join(machine.project, 'node_modules');
  return { ms, bytes: treeBytes(modules), packages: packageDirs(modules), output };
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

function packageDirs(modules: string): string[] {
  const names: string[] = [];
  for (const name of fs.readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const inner of fs.readdirSync(path.join(modules, name))) names.push(`${name}/${inner}`);
    } else names.push(name);
  }
  return names.sort();
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end without blocking this process's event loop (the fake ImageKit the
 * command talks to may be served from this very process).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The fenced code block that follows `<!-- recipe: name -->` in README.md. */
export function readmeRecipe(name: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- recipe: ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(
    readme,
  );
  if (!match) throw new Error(`README.md has no recipe "${name}"`);
  return match[1]!;
}
