// `npm start` and `npm run demo` check for the Electron binary before launching: they try the
// download once, as the electron package would, and otherwise print one paragraph (what is
// missing, how to get it, what works without it) and exit non-zero, never a stack trace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureElectron, locateElectron } from '../../scripts/electron-binary';

const root = path.resolve(import.meta.dirname, '../..');
const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** An electron package whose install.js fails like a download with no route, or succeeds. */
function electronPackage(install: 'fails' | 'downloads'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-electron-'));
  temporary.push(dir);
  const script =
    install === 'fails'
      ? `console.error('TypeError: fetch failed\\n    at node:internal/deps/undici:1:1'); process.exit(1);`
      : `const fs = require('fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', '');` +
        `fs.writeFileSync('path.txt', 'electron');`;
  fs.writeFileSync(path.join(dir, 'install.js'), script);
  return dir;
}

/** The paragraph's promises: what is missing, how to get it, what works without it. */
function expectOneClearParagraph(text: string): void {
  expect(text).toContain('needs the Electron binary, which is missing');
  expect(text).toContain('node node_modules/electron/install.js');
  expect(text).toContain('ELECTRON_OVERRIDE_DIST_PATH');
  expect(text).toContain('npm run fake-imagekit');
  expect(text).toContain('dist/cli/purge-watch.js');
  expect(text).not.toMatch(/^\s+at /m); // no stack trace
  expect(text.trim()).not.toMatch(/\n\s*\n/); // one paragraph
}

describe('the Electron launcher check', () => {
  it('finds the binary the electron package would run', () => {
    const dir = electronPackage('downloads');
    expect(locateElectron(dir)).toEqual({
      found: false,
      expected: path.join(dir, 'dist', 'electron'),
    });
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'electron'), '');
    expect(locateElectron(dir)).toEqual({ found: true, path: path.join(dir, 'dist', 'electron') });
  });

  it('downloads it once when missing, as the electron package would', () => {
    const dir = electronPackage('downloads');
    const said: string[] = [];
    expect(ensureElectron({ root, electronDir: dir, say: (line) => said.push(line) })).toBe(
      path.join(dir, 'dist', 'electron'),
    );
    expect(said).toEqual(['purge-watch: downloading the Electron binary (first start)…']);
  });

  it('when the download fails: one paragraph, with the reason, and no stack trace', () => {
    const dir = electronPackage('fails');
    let message = '';
    try {
      ensureElectron({ root, electronDir: dir, say: () => undefined });
    } catch (error) {
      message = (error as Error).message;
    }
    expectOneClearParagraph(message);
    expect(message).toContain('(TypeError: fetch failed)');
  });

  it('`npm start` without Electron prints that paragraph and exits non-zero', () => {
    // An override that points nowhere: nothing is downloaded, nothing launched.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')],
      {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: path.join(os.tmpdir(), 'pw-no-electron'),
        },
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expectOneClearParagraph(result.stderr);
    expect(result.stdout).toBe('');
  });
});
