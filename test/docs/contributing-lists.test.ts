// CONTRIBUTING.md lists the test tiers (a bullet per folder of test/) and the fault drills (a row
// per file of test/drills/, with what it proves and how long it runs). A tier or a drill added
// without its line leaves a newcomer unaware it exists: each list names every one there is, and
// none that is gone.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRIBUTING = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');

/** The text of CONTRIBUTING.md from the line `from` up to the next line starting `to`. */
function part(from: string, to: RegExp): string {
  const start = CONTRIBUTING.indexOf(`\n${from}\n`);
  expect(start, `CONTRIBUTING.md has no line "${from}"`).toBeGreaterThan(-1);
  const rest = CONTRIBUTING.slice(start + from.length + 2);
  const end = rest.search(to);
  return end === -1 ? rest : rest.slice(0, end);
}

function holdsTests(dir: string): boolean {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some((entry) =>
      entry.isDirectory()
        ? holdsTests(path.join(dir, entry.name))
        : entry.name.endsWith('.test.ts'),
    );
}

describe("CONTRIBUTING.md's lists", () => {
  it('name every folder of test/ that holds tests, as a tier', () => {
    const tiers = [
      ...part('The tiers, by what each test needs:', /^#/m).matchAll(/^- `test\/([\w-]+)`/gm),
    ].map((m) => m[1]!);
    const folders = fs
      .readdirSync(path.join(ROOT, 'test'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && holdsTests(path.join(ROOT, 'test', entry.name)))
      .map((entry) => entry.name);
    expect(tiers.sort()).toEqual(folders.sort());
  });

  it('name every file of test/drills/ in the table of fault drills', () => {
    const rows = [
      ...part('### Fault drills (`test/drills/`)', /^#/m).matchAll(/^\| `([\w.-]+\.test\.ts)`/gm),
    ].map((m) => m[1]!);
    const drills = fs
      .readdirSync(path.join(ROOT, 'test/drills'))
      .filter((name) => name.endsWith('.test.ts'));
    expect(rows.sort()).toEqual(drills.sort());
  });
});
