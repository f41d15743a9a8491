// A module's opening comment says what it leans on by path (`./poll-schedule`,
// `../imagekit/retry-policy`, `core/tracking/tracker.ts`). When modules move between folders those
// comments are the reader's map: each path named in a comment of src/ must still be a file or a
// folder there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const TOP = ['src', 'core', 'main', 'shared', 'cli', 'renderer', 'preload', 'scripts', 'test'];
/** `./x`, `../x/y`, or a path from one of the top folders, not inside a longer word or URL. */
const MENTION = new RegExp(
  String.raw`(?<![\w/.@-])((?:\.\.?\/)+[\w./-]*\w|(?:${TOP.join('|')})\/[\w./-]*\w)`,
  'g',
);
const SUFFIXES = ['', '.ts', '.d.ts', '.mjs', '/index.ts'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|css|html)$/.test(entry.name) ? [file] : [];
  });
}

/** The comment part of a line: a whole comment line, or what follows `//` after code. */
function commentOf(line: string): string {
  if (/^\s*(\/\/|\/\*|\*)/.test(line)) return line;
  return /\s\/\/\s.*$/.exec(line)?.[0] ?? '';
}

function resolves(file: string, mention: string): boolean {
  const bases = mention.startsWith('.')
    ? [path.resolve(path.dirname(file), mention)]
    : [path.join(ROOT, mention), path.join(SRC, mention)];
  return bases.some((base) => SUFFIXES.some((suffix) => fs.existsSync(base + suffix)));
}

describe('paths named in the comments of src/', () => {
  it('each resolves to a module or folder that exists', () => {
    const files = sourceFiles(SRC);
    const broken: string[] = [];
    let mentions = 0;
    for (const file of files) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const [, mention] of commentOf(line).matchAll(MENTION)) {
            mentions += 1;
            if (!resolves(file, mention!)) {
              broken.push(`${path.relative(ROOT, file)}:${index + 1}: ${mention}`);
            }
          }
        });
    }
    expect(mentions).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });
});
