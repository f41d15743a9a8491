// The renderer's benchmark runs under plain tsx, not vitest: there `electron` is the npm package
// (a path to a binary), not test/mocks/electron.ts, so a module of src/main anywhere in its
// imports stops it before it measures anything. It once did, through the window tests' harness,
// and `npm run bench` reported the renderer part as failed while its old figures stayed in the
// docs. This loads what the bench imports the way the bench does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('bench/renderer.bench.ts', () => {
  it('imports nothing that needs Electron: every module of ours it imports loads under plain tsx', () => {
    const source = fs.readFileSync(path.join(ROOT, 'bench/renderer.bench.ts'), 'utf8');
    const ours = [...source.matchAll(/^import (?!type )[^;]*? from '(\.\.\/[^']+)';$/gm)].map(
      (match) => `./${path.posix.join('bench', match[1]!)}.ts`,
    );
    expect(ours).toContain('./test/e2e/chromium.ts');
    const script = ours.map((file) => `await import(${JSON.stringify(file)});`).join('\n');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.stderr).not.toMatch(/electron/i);
    expect(run.status).toBe(0);
  });
});
