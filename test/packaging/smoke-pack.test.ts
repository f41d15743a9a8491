// Smoke pack: electron-builder packs the built app for Linux (`--dir`) with a stand-in Electron
// (no download), and the test inspects what a user's install would contain: app.asar has
// everything the app loads and nothing else, keytar's native module is unpacked, the fuses
// are flipped in the binary, and the .desktop entry registers the purgewatch: scheme.
// Needs only node_modules and the test run's app folder (test/global-setup.ts builds it,
// test/support/built-app.ts): electron-builder packs it as the app directory, with this
// checkout's electron-builder.yml and node_modules, as `npm run dist` packs the checkout.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, LINK_SCHEME } from '../../src/main/desktop/app-identity';
import { TRAY_ICO_FILES, TRAY_ICON_FILES } from '../../scripts/icon-set';
import { appDir as builtAppDir } from '../support/built-app';
import { projectDir } from './builder-config';
import { writeStandInElectron } from './stand-in-electron';

const run = promisify(execFile);
const electronVersion = JSON.parse(
  fs.readFileSync(path.join(projectDir, 'node_modules/electron/package.json'), 'utf8'),
).version as string;

/** What the app loads at run time (package.json "main" and what the main process reads). */
const RUNTIME_FILES = [
  'package.json',
  'dist/main/index.js',
  'dist/preload/index.cjs',
  'dist/renderer/index.html',
  'dist/renderer/index.js',
  ...TRAY_ICON_FILES.map((icon) => `build/tray/${icon.file}`),
  ...TRAY_ICO_FILES.map((icon) => `build/tray/${icon.file}`),
];

const PACK_TIMEOUT_MS = 480_000;

let work: string;
let appDir: string;
let archive: string;
let entries: string[];

beforeAll(async () => {
  for (const file of RUNTIME_FILES.filter((f) => f.startsWith('dist/'))) {
    if (!fs.existsSync(path.join(builtAppDir(), file))) {
      throw new Error(
        `${file} is missing: npm run build did not produce it (is its entry point written?)`,
      );
    }
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-pack-'));
  writeStandInElectron(path.join(work, 'electron'), electronVersion);
  const started = Date.now();
  await run(
    'npx',
    [
      'electron-builder',
      '--linux',
      'dir',
      // Never publishes (electron-builder.yml publishes to GitHub): without it, under CI=true
      // electron-builder wants the GitHub repository from the checkout's git remote.
      '--publish',
      'never',
      '--projectDir',
      projectDir,
      `-c.directories.app=${builtAppDir()}`,
      `-c.electronDist=${path.join(work, 'electron')}`,
      `-c.directories.output=${path.join(work, 'out')}`,
      // keytar as built for this Node: a real `npm run dist` rebuilds it for Electron's ABI,
      // which needs Electron's headers (a download).
      '-c.npmRebuild=false',
      `-c.afterPack=${path.join(projectDir, 'test/packaging/desktop-entry-probe.mjs')}`,
    ],
    // A hang guard, not a duration under test: on a loaded 2-core machine the pack alone took
    // over 120 s (about 100 s with one other test run beside it).
    { cwd: projectDir, timeout: PACK_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  console.info(`smoke pack took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  appDir = path.join(work, 'out', 'linux-unpacked');
  archive = path.join(appDir, 'resources', 'app.asar');
  entries = asar.listPackage(archive, { isPack: false }).map((entry) =>
    entry
      .replace(/^[\\/]/, '')
      .split(path.sep)
      .join('/'),
  );
}, PACK_TIMEOUT_MS + 30_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('app.asar', () => {
  it('contains everything the app loads: main, preload, renderer, tray icons', () => {
    expect(entries).toEqual(expect.arrayContaining(RUNTIME_FILES));
  });

  it('starts at package.json "main", which is inside the archive', () => {
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
    expect(pkg.main).toBe('dist/main/index.js');
    expect(entries).toContain(pkg.main);
    expect(pkg.desktopName).toBe(`${APP_ID}.desktop`);
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('contains no tests, sources, source maps, fixtures, TypeScript or the CLI', () => {
    const unwanted = entries.filter(
      (entry) =>
        /\.(map|ts|mts|cts|tsx|cc|cpp|h|gyp)$/.test(entry) ||
        /(^|\/)(test|tests|__tests__|fixtures|__fixtures__|src|scripts|coverage|bench|docs)(\/|$)/.test(
          entry,
        ) ||
        entry.startsWith('dist/cli') ||
        /^build\/(?!tray(\/[^/]+\.(png|ico))?$)./.test(entry),
    );
    expect(unwanted).toEqual([]);
  });

  it('contains no development-only package (as package-lock.json marks them)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8'));
    const lockPackages = lock.packages as Record<string, { dev?: boolean }>;
    const packed = new Set(
      entries.map((e) => e.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]).filter(Boolean),
    );
    expect(
      [...packed].filter((name) => lockPackages[`node_modules/${name}`]?.dev === true),
    ).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
    expect([...packed]).toEqual(
      expect.arrayContaining(Object.keys(pkg.dependencies as Record<string, string>)),
    );
  });

  it('unpacks keytar.node beside the archive, where Node can dlopen it', () => {
    const nodeFiles = entries.filter((e) => e.endsWith('.node'));
    expect(nodeFiles).toEqual(['node_modules/keytar/build/Release/keytar.node']);
    const stat = asar.statFile(archive, nodeFiles[0]!) as { unpacked?: boolean };
    expect(stat.unpacked).toBe(true);
    expect(fs.existsSync(path.join(appDir, 'resources', 'app.asar.unpacked', nodeFiles[0]!))).toBe(
      true,
    );
  });

  it('has every package the main bundle imports (the app would not start without them)', () => {
    const main = asar.extractFile(archive, 'dist/main/index.js').toString('utf8');
    const specifiers = new Set(
      // Not a quoted or property "from" (a validator's ["from", "to"] is no import).
      [
        ...main.matchAll(
          /(?:(?<![."'\w$])from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g,
        ),
      ].map((m) => m[1]!),
    );
    const packages = [...specifiers]
      .filter((s) => !s.startsWith('node:') && !s.startsWith('.') && s !== 'electron')
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      )
      .filter((name) => !builtinModules.includes(name));
    expect(packages.length, 'the main bundle imports its runtime dependencies').toBeGreaterThan(0);
    for (const name of packages)
      expect(entries, `main imports ${name}`).toContain(`node_modules/${name}/package.json`);
  });

  it('its dependencies load without the install-time packages left out (conf, keytar)', async () => {
    const extracted = path.join(work, 'extracted');
    asar.extractAll(archive, extracted);
    const probe = path.join(extracted, 'probe.mjs');
    fs.writeFileSync(
      probe,
      "import Conf from 'conf';\nimport { createRequire } from 'node:module';\n" +
        "const keytar = createRequire(import.meta.url)('keytar');\n" +
        'console.log(typeof Conf, typeof keytar.getPassword);\n',
    );
    const { stdout } = await run(process.execPath, [probe], { cwd: extracted });
    expect(stdout.trim()).toBe('function function');
  });
});

describe('the packed binary', () => {
  it('has the fuses flipped as electron-builder.yml says', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'purge-watch'));
    const state = (option: FuseV1Options) => String.fromCharCode(wire[option] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });

  it('is named purge-watch, the executable the .desktop entry runs', () => {
    expect(fs.existsSync(path.join(appDir, 'purge-watch'))).toBe(true);
  });
});

describe('the Linux .desktop entry (as the deb and AppImage install it)', () => {
  it('opens purgewatch: links with the app, in the Utility category', () => {
    const entry = fs.readFileSync(path.join(work, 'out', 'deb.desktop'), 'utf8');
    const fields = Object.fromEntries(
      entry
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(fields.Name).toBe('Purge Watch');
    expect(fields.MimeType).toBe(`x-scheme-handler/${LINK_SCHEME};`);
    expect(fields.Exec).toBe('"/opt/Purge Watch/purge-watch" %U');
    expect(fields.Categories).toBe('Utility;');
    expect(fields.Icon).toBe('purge-watch');
    expect(fields.StartupWMClass).toBe(APP_ID);
  });

  it("is installed under the app's reverse-DNS ID, the one Electron gives the desktop's portals", () => {
    // Electron reports package.json's desktopName as the app's ID (Wayland app_id, the portals'
    // app ID); GNOME 50's global-shortcuts portal refuses an ID that is not reverse-DNS or has no
    // installed entry of that name, and then the open-window shortcut silently does nothing.
    const installedAs = fs.readFileSync(path.join(work, 'out', 'deb.desktop-name'), 'utf8');
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
    expect(`${installedAs}.desktop`).toBe(pkg.desktopName);
    // Reverse-DNS like com.example.App, each part as a D-Bus well-known name allows (no leading digit).
    expect(installedAs).toMatch(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*){2,}$/);
  });
});
