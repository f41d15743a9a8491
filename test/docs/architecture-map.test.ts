// docs/ARCHITECTURE.md opens with a map of src/: each layer, and the folders inside src/core and
// src/main with what each holds. A folder added, renamed or removed fails here until the map
// says the same (test/docs/links.test.ts checks that the files it names exist).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = path.join(ROOT, 'docs/ARCHITECTURE.md');

function folders(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The map: the first code block. Layers start a line (`src/core`), their folders are indented. */
function map(): { layers: string[]; inside: Map<string, string[]> } {
  const block = /```\n([\s\S]*?)```/.exec(fs.readFileSync(DOC, 'utf8'))?.[1] ?? '';
  const layers: string[] = [];
  const inside = new Map<string, string[]>();
  for (const line of block.split('\n')) {
    const layer = /^src\/(\w+)\s/.exec(line)?.[1];
    if (layer) {
      layers.push(layer);
      inside.set(layer, []);
    }
    const folder = /^ {2}(\w+)\/\s/.exec(line)?.[1];
    if (folder && layers.length > 0) inside.get(layers.at(-1)!)!.push(folder);
  }
  return { layers: layers.sort(), inside };
}

describe("ARCHITECTURE.md's map of src/", () => {
  const { layers, inside } = map();

  it('names every layer of src/, and no other', () => {
    expect(layers).toEqual(folders('src'));
  });

  it.each(['core', 'main'])('names every folder of src/%s, and no other', (layer) => {
    expect([...(inside.get(layer) ?? [])].sort()).toEqual(folders(`src/${layer}`));
  });
});
