// The Homebrew cask of a release: build/homebrew/purge-watch.rb.template with the version, the
// repository and the SHA-256 of each macOS dmg (arm64, x64) filled in, printed on stdout.
//
//   node scripts/homebrew-cask.mjs --version 1.2.3 --repository owner/purge-watch --dmgs dir/
//
// The dmgs are the release's own (electron-builder.yml names them
// purge-watch-<version>-mac-<arch>.dmg). A missing one, or a placeholder left unfilled, fails.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ARCHES = ['arm64', 'x64'];
// fileURLToPath, not URL.pathname: on Windows that would be /C:/….
const root = fileURLToPath(new URL('..', import.meta.url));
const template = path.join(root, 'build/homebrew/purge-watch.rb.template');

const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    repository: { type: 'string' },
    dmgs: { type: 'string' },
  },
});
const { version, repository, dmgs } = values;
if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) fail('--version <x.y.z> is required');
if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository))
  fail('--repository <owner/name> is required');
if (!dmgs) fail('--dmgs <directory> is required');

const fill = { version, repository };
for (const arch of ARCHES) {
  const dmg = path.join(dmgs, `purge-watch-${version}-mac-${arch}.dmg`);
  if (!fs.existsSync(dmg)) fail(`${dmg} is missing: the release has no ${arch} dmg`);
  fill[`sha256.${arch}`] = createHash('sha256').update(fs.readFileSync(dmg)).digest('hex');
}
const cask = fs
  .readFileSync(template, 'utf8')
  .replace(/\{\{([\w.]+)\}\}/g, (whole, name) => fill[name] ?? whole);
const left = cask.match(/\{\{[\w.]+\}\}/);
if (left) fail(`the template's ${left[0]} has no value`);
process.stdout.write(cask);

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`homebrew-cask: ${message}\n`);
  process.exit(2);
}
