// Builds every entry point with esbuild into dist/: the CLI, the Electron main process, the
// preload (CommonJS, as sandboxed preloads must be) and the renderer (a browser bundle plus its
// static files), then copies the CLI bundle into packages/cli/dist/ (committed: the GitHub
// Action runs it from the repository) and packs the CLI's npm package. Type checking is
// `npm run typecheck`; this only transpiles and bundles.
//
// `--check-cli-bundle` builds only the CLI, in memory, and fails when the committed
// packages/cli/dist/purge-watch.js differs from it (CI runs it before anything rebuilds).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// fileURLToPath, not URL.pathname: on Windows that would be /C:/….
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const common = {
  bundle: true,
  sourcemap: false,
  logLevel: 'warning',
  define: { __PURGE_WATCH_VERSION__: JSON.stringify(pkg.version) },
  absWorkingDir: root,
};
const node = { ...common, platform: 'node', target: 'node20', packages: 'external' };

const entries = [
  {
    ...node,
    entryPoints: ['src/cli/index.ts'],
    outfile: 'dist/cli/purge-watch.js',
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...node, entryPoints: ['src/main/index.ts'], outfile: 'dist/main/index.js', format: 'esm' },
  {
    ...common,
    platform: 'node',
    target: 'node20',
    entryPoints: ['src/preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    format: 'cjs',
    external: ['electron'],
  },
  {
    ...common,
    platform: 'browser',
    target: 'chrome130',
    entryPoints: ['src/renderer/index.ts'],
    outfile: 'dist/renderer/index.js',
    format: 'iife',
  },
].filter((entry) => fs.existsSync(path.join(root, entry.entryPoints[0])));

const COMMITTED_CLI = 'packages/cli/dist/purge-watch.js';
if (process.argv.includes('--check-cli-bundle')) {
  const cliEntry = entries.find((entry) => entry.outfile === 'dist/cli/purge-watch.js');
  const { outputFiles } = await build({ ...cliEntry, write: false });
  const fresh = outputFiles[0].contents;
  const committedPath = path.join(root, COMMITTED_CLI);
  const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath) : undefined;
  if (committed === undefined || !committed.equals(fresh)) {
    console.error(
      `${COMMITTED_CLI} is ${committed === undefined ? 'missing' : 'not what the CLI source builds to'}: ` +
        'run `npm run build` and commit it (the GitHub Action runs this file).',
    );
    process.exit(1);
  }
  console.log(`${COMMITTED_CLI} is what src/cli builds to`);
  process.exit(0);
}

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await Promise.all(entries.map((entry) => build(entry)));

// The renderer's static files (HTML, CSS, fonts, images) go beside its bundle.
const rendererDir = path.join(root, 'src/renderer');
if (fs.existsSync(rendererDir)) {
  for (const file of fs.readdirSync(rendererDir)) {
    if (/\.(html|css|svg|png)$/.test(file)) {
      fs.mkdirSync(path.join(root, 'dist/renderer'), { recursive: true });
      fs.copyFileSync(path.join(rendererDir, file), path.join(root, 'dist/renderer', file));
    }
  }
}
const cli = path.join(root, 'dist/cli/purge-watch.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);

// The CLI's npm package (packages/cli): the same bundle, committed there for the GitHub Action
// (action.yml runs it with no install), and packed into dist/ as users install it.
// Not an npm workspace: it shares the app's name, and electron-builder would then pack the
// workspace's dependencies into app.asar instead of the app's (test/packaging/smoke-pack.test.ts).
const cliPackage = path.join(root, 'packages/cli');
if (fs.existsSync(cli) && fs.existsSync(cliPackage)) {
  const { version } = JSON.parse(fs.readFileSync(path.join(cliPackage, 'package.json'), 'utf8'));
  if (version !== pkg.version) {
    throw new Error(
      `packages/cli is at version ${version} but the app at ${pkg.version}: bump both ` +
        '(`npm version <version>` here, `npm version <version> --no-git-tag-version` in packages/cli).',
    );
  }
  fs.mkdirSync(path.join(cliPackage, 'dist'), { recursive: true });
  fs.copyFileSync(cli, path.join(root, COMMITTED_CLI));
  fs.chmodSync(path.join(root, COMMITTED_CLI), 0o755);
  const packed = spawnSync(
    'npm',
    ['pack', '--json', '--pack-destination', path.join(root, 'dist')],
    { cwd: cliPackage, encoding: 'utf8', shell: process.platform === 'win32' },
  );
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  console.log(`packed dist/${JSON.parse(packed.stdout)[0].filename}`);
}
