// `npm run docs:screenshots`: retakes the pictures the README and docs/ show (docs/*.png). The
// browser tests that take them (test/e2e, test/app: see takePicture in test/e2e/harness.ts) run
// with PURGE_WATCH_DOCS_SCREENSHOTS=1, which makes them write docs/ as well as .tmp/screenshots/.
// `npm test` never writes docs/. Fails when a picture in docs/, or one a document links to, was
// not retaken.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docs = path.join(root, 'docs');

/** docs/*.png, and every docs/ picture the README or a document in docs/ links to. */
function docsPictures(): Set<string> {
  const pictures = new Set(readdirSync(docs).filter((file) => file.endsWith('.png')));
  const documents = [
    path.join(root, 'README.md'),
    ...readdirSync(docs)
      .filter((file) => file.endsWith('.md'))
      .map((file) => path.join(docs, file)),
  ];
  for (const document of documents) {
    for (const [, picture] of readFileSync(document, 'utf8').matchAll(
      /\(\s*(?:docs\/)?([\w-]+\.png)\)/g,
    ))
      pictures.add(picture!);
  }
  return pictures;
}

const started = Date.now();
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'scripts', 'test.ts'), 'test/e2e', 'test/app'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PURGE_WATCH_DOCS_SCREENSHOTS: '1' } },
);
if (run.status !== 0) process.exit(run.status ?? 1);

const stale = [...docsPictures()].filter((picture) => {
  try {
    return statSync(path.join(docs, picture)).mtimeMs < started;
  } catch {
    return true; // linked to, but not there
  }
});
if (stale.length > 0) {
  process.stderr.write(`docs:screenshots: not retaken by any test: ${stale.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`docs:screenshots: retook ${docsPictures().size} pictures in docs/.\n`);
