// Builds every entry point with esbuild into dist/: the CLI, the Electron main process, the
// preload (CommonJS, as sandboxed preloads must be) and the renderer (a browser bundle plus its
// static files), then copies the CLI bundle into packages/cli/dist/ (committed: the GitHub
// Action runs it from the repository) and packs the CLI's npm package. Type checking is
// `npm run typecheck`; this only transpiles and bundles.
//
// `--check-cli-bundle` builds only the CLI, in memory, and fails when the committed
// packages/cli/dist/purge-watch.js differs from it (CI runs it before anything rebuilds).
//
// `--outdir <dir>` builds into <dir> instead of dist/ and writes nothing else of the checkout:
// the committed CLI bundle is left as it is (a warning says when it is stale) and the CLI's
// package is packed from a copy. Each test run builds into a folder of its own this way
// (test/global-setup.ts), so a run never replaces files that another run's processes are reading.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// fileURLToPath, not URL.pathname: on Windows that would be /C:/….
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outdirFlag = process.argv.indexOf('--outdir');
const ownOutdir = outdirFlag >= 0;
if (ownOutdir && !process.argv[outdirFlag + 1]) throw new Error('--outdir needs a folder');
const outdir = ownOutdir ? path.resolve(process.argv[outdirFlag + 1]) : path.join(root, 'dist');
// It is emptied first: never the checkout, or a folder holding it.
if (!path.relative(outdir, root).startsWith('..')) {
  throw new Error(`--outdir ${outdir} holds the checkout: give a folder of its own`);
}
/** Where a built file goes. */
const out = (file) => path.join(outdir, file);
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
    outfile: out('cli/purge-watch.js'),
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...node, entryPoints: ['src/main/index.ts'], outfile: out('main/index.js'), format: 'esm' },
  {
    ...common,
    platform: 'node',
    target: 'node20',
    entryPoints: ['src/preload/index.ts'],
    outfile: out('preload/index.cjs'),
    format: 'cjs',
    external: ['electron'],
  },
  {
    ...common,
    platform: 'browser',
    target: 'chrome130',
    entryPoints: ['src/renderer/index.ts'],
    outfile: out('renderer/index.js'),
    format: 'iife',
  },
].filter((entry) => fs.existsSync(path.join(root, entry.entryPoints[0])));

const COMMITTED_CLI = 'packages/cli/dist/purge-watch.js';

/** Why the committed CLI bundle is not `fresh` (the CLI as built now), or undefined when it is. */
function committedCliProblem(fresh) {
  const committedPath = path.join(root, COMMITTED_CLI);
  const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath) : undefined;
  if (committed !== undefined && committed.equals(fresh)) return undefined;
  return (
    `${COMMITTED_CLI} is ${committed === undefined ? 'missing' : 'not what the CLI source builds to'}: ` +
    'run `npm run build` and commit it (the GitHub Action runs this file).'
  );
}

if (process.argv.includes('--check-cli-bundle')) {
  const cliEntry = entries.find((entry) => entry.entryPoints[0] === 'src/cli/index.ts');
  const { outputFiles } = await build({ ...cliEntry, write: false });
  const problem = committedCliProblem(outputFiles[0].contents);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log(`${COMMITTED_CLI} is what src/cli builds to`);
  process.exit(0);
}

fs.rmSync(outdir, { recursive: true, force: true });
await Promise.all(entries.map((entry) => build(entry)));

// The renderer's static files (HTML, CSS, fonts, images) go beside its bundle.
const rendererDir = path.join(root, 'src/renderer');
if (fs.existsSync(rendererDir)) {
  for (const file of fs.readdirSync(rendererDir)) {
    if (/\.(html|css|svg|png)$/.test(file)) {
      fs.mkdirSync(out('renderer'), { recursive: true });
      fs.copyFileSync(path.join(rendererDir, file), out(`renderer/${file}`));
    }
  }
}
const cli = out('cli/purge-watch.js');
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
console.log(`built ${entries.map((e) => path.relative(root, e.outfile)).join(', ')}`);

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
        '(`npm version <version> --no-git-tag-version` here and in packages/cli).',
    );
  }
  if (ownOutdir) {
    // The checkout's packages/cli is left alone: a copy with this build's bundle is packed.
    const problem = committedCliProblem(fs.readFileSync(cli));
    if (problem) console.warn(`warning: ${problem}`);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-package-'));
    try {
      fs.cpSync(cliPackage, copy, {
        recursive: true,
        filter: (source) => !/[\\/](node_modules|dist)$/.test(source),
      });
      installCliBundle(copy);
      pack(copy);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  } else {
    installCliBundle(cliPackage);
    pack(cliPackage);
  }
}

/** Puts this build's CLI bundle into a CLI package folder, as its package.json names it. */
function installCliBundle(packageDir) {
  const bundle = path.join(packageDir, 'dist/purge-watch.js');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.copyFileSync(cli, bundle);
  fs.chmodSync(bundle, 0o755);
}

/** `npm pack` of a CLI package folder into the output folder, as users install it. */
function pack(packageDir) {
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', outdir], {
    cwd: packageDir,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  console.log(`packed ${path.relative(root, out(JSON.parse(packed.stdout)[0].filename))}`);
}
