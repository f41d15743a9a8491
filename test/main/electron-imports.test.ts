// Only src/main and src/preload may import electron (or electron-store, which imports it):
// everything else must run under plain Node and in the browser. Scans the sources.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const ALLOWED = [path.join(root, 'src', 'main'), path.join(root, 'src', 'preload')];
const SCANNED = ['src', 'scripts', 'bench'].map((dir) => path.join(root, dir));

/**
 * `import … from 'electron'`, `import 'electron'`, `export … from`, `require(…)`, `import(…)`,
 * and the API's subpaths (electron/main…). Files of the package (electron/package.json,
 * electron/cli.js: the launcher) are not the API.
 */
const ELECTRON_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"`])electron(?:-store)?(?:\/(?:main|renderer|common|utility))?\1/m;

export function importsElectron(source: string): boolean {
  return ELECTRON_IMPORT.test(source);
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(?:[cm]?[jt]s|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('electron imports', () => {
  it('recognises every way of importing electron', () => {
    for (const source of [
      "import { app } from 'electron';",
      'import type { WebContents } from "electron";',
      "import electron from 'electron/main';",
      "export { app } from 'electron';",
      "const { ipcRenderer } = require('electron');",
      "const e = await import('electron');",
      "import 'electron';",
      "import Store from 'electron-store';",
    ]) {
      expect(importsElectron(source), source).toBe(true);
    }
    for (const source of [
      "import { build } from 'esbuild';",
      '// talks to the electron main process',
      "import x from './electron-mock';",
      "const electronPath = path.join(root, 'node_modules', 'electron', 'cli.js');",
      "const { version } = require('electron/package.json');",
    ]) {
      expect(importsElectron(source), source).toBe(false);
    }
  });

  it('happens only in src/main and src/preload', () => {
    const files = SCANNED.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files
      .filter((file) => !ALLOWED.some((dir) => file.startsWith(dir + path.sep)))
      .filter((file) => importsElectron(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
