// The docs link to each other by file and section (README → INSTALL, SECURITY, CONTRIBUTING;
// BENCHMARKS ↔ SCHEDULE). Moving a section must not leave a link pointing nowhere: every relative
// link resolves to a file, and every `#anchor` to one of its headings, as GitHub names them. The
// same for what they name without a link: a file of the repository (`test/drills/chaos.test.ts`,
// `main/tray/clipboard-reach.ts`), and the npm script a command runs (`npm run fake-imagekit`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtFile } from '../support/built-app';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  'SECURITY.md',
  'CONTRIBUTING.md',
  'packages/cli/README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/**
 * The repository's top folders (not those a build, a test run or npm writes), and src/'s layers
 * (the docs name `main/…` for `src/main/…`).
 */
const TOP_FOLDERS = [
  ...fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() &&
        !['node_modules', 'dist', 'release', 'coverage', '.tmp', '.git'].includes(entry.name),
    )
    .map((entry) => entry.name),
  ...fs.readdirSync(path.join(ROOT, 'src')),
];
/** What `npm run bench` writes (ignored by git), named as where to find its results. */
const GENERATED = ['bench/results/'];

/** Paths a text names from one of the top folders: `test/e2e`, `.ci/run`, `core/clock.ts`. */
function repositoryPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w/.:@~$-])((?:\.?[\w-]+\/)+[\w.-]*\w)(?![\w/.-])/g)]
    .map((m) => m[1]!)
    .filter((named) => TOP_FOLDERS.includes(named.split('/')[0]!));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Relative links outside code blocks: [text](target) and ![alt](target). */
function links(file: string): string[] {
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('links between the docs', () => {
  it.each(DOCS)('every relative link in %s resolves', (doc) => {
    const file = path.join(ROOT, doc);
    const broken = links(file).filter((target) => {
      const [pathPart, anchor] = target.split('#') as [string, string | undefined];
      const targetFile = pathPart === '' ? file : path.resolve(path.dirname(file), pathPart);
      if (!fs.existsSync(targetFile)) return true;
      if (anchor === undefined || fs.statSync(targetFile).isDirectory()) return false;
      return !anchors(targetFile).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('finds a link that points nowhere', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-links-'));
    try {
      const doc = path.join(dir, 'a.md');
      fs.writeFileSync(doc, '# A\n\n## Where it lives\n\n[ok](#where-it-lives) [gone](#reset)\n');
      expect(anchors(doc).has('where-it-lives')).toBe(true);
      expect(links(doc)).toEqual(['#where-it-lives', '#reset']);
      expect(anchors(doc).has('reset')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('every file docs/ARCHITECTURE.md names exists (modules under src/, builds in dist/, others from the root)', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
    const named = [...text.matchAll(/`([\w./-]+\.(?:ts|mjs|cjs|js|yml|json|sh))`/g)].map(
      (m) => m[1]!,
    );
    expect(named.length).toBeGreaterThan(30);
    // What `npm run build` writes into dist/, this test run's own build holds.
    const exists = (file: string) =>
      file.startsWith('dist/')
        ? fs.existsSync(builtFile(file.slice('dist/'.length)))
        : fs.existsSync(path.join(ROOT, file)) || fs.existsSync(path.join(ROOT, 'src', file));
    const missing = named.filter((file) => !exists(file));
    expect(missing).toEqual([]);
  });

  it.each([...DOCS, 'action.yml'])('every file or folder %s names exists', (doc) => {
    const named = repositoryPaths(fs.readFileSync(path.join(ROOT, doc), 'utf8'));
    const missing = named.filter(
      (file) =>
        !GENERATED.some((folder) => file.startsWith(folder)) &&
        !fs.existsSync(path.join(ROOT, file)) &&
        !fs.existsSync(path.join(ROOT, 'src', file)),
    );
    expect(missing).toEqual([]);
  });

  it('finds a named path, and only from a top folder', () => {
    expect(
      repositoryPaths(
        'Run `scripts/with-keyring.sh`, see main/tray/tray-host.ts and .ci/run; not https://x.io/test/a, ~/.config/Purge Watch, or a/b.',
      ),
    ).toEqual(['scripts/with-keyring.sh', 'main/tray/tray-host.ts', '.ci/run']);
  });

  it.each(DOCS)('every npm script %s runs is in package.json', (doc) => {
    const scripts = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    const run = [...text.matchAll(/\bnpm (?:run ([\w:-]+)|(test|start)\b)/g)].map(
      (m) => m[1] ?? m[2]!,
    );
    expect(run.filter((script) => !scripts.includes(script))).toEqual([]);
  });
});
