// Replacing the purges file on real files: what Windows does to a rename (an antivirus or indexer
// holding the original open refuses it for a moment) is played by making `renameSync` refuse,
// since this machine is not Windows; everything else is the real file system.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomically } from '../../src/core/storage/atomic-file';

const platform = process.platform;
const directories: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  Object.defineProperty(process, 'platform', { value: platform });
  for (const directory of directories.splice(0)) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

function fileWithOldContent(): { directory: string; file: string } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-atomic-'));
  directories.push(directory);
  const file = path.join(directory, 'purges.json');
  fs.writeFileSync(file, '{"purges":["old"]}');
  return { directory, file };
}

/** Makes the next `refusals` renames fail as Windows does while another process holds the file. */
function refuseRenames(refusals: number) {
  const rename = fs.renameSync.bind(fs);
  let refused = 0;
  return vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (refused++ < refusals) {
      throw Object.assign(new Error('EPERM: operation not permitted, rename'), { code: 'EPERM' });
    }
    rename(from, to);
  });
}

describe('replacing a file whole', () => {
  it('on Windows, a rename refused for a moment is tried again and the file is replaced', () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    const { directory, file } = fileWithOldContent();
    const renames = refuseRenames(2);
    writeFileAtomically(file, '{"purges":["new"]}', 0o600);
    expect(renames).toHaveBeenCalledTimes(3);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"purges":["new"]}');
    expect(fs.readdirSync(directory)).toEqual(['purges.json']);
  });

  it('a rename refused for good fails, leaving the old file whole and nothing beside it', () => {
    for (const [system, tries] of [
      ['win32', 5],
      ['linux', 1],
    ] as const) {
      Object.defineProperty(process, 'platform', { value: system });
      const { directory, file } = fileWithOldContent();
      const renames = refuseRenames(Infinity);
      expect(() => writeFileAtomically(file, '{"purges":["new"]}', 0o600)).toThrow(/EPERM/);
      expect(renames).toHaveBeenCalledTimes(tries);
      expect(fs.readFileSync(file, 'utf8')).toBe('{"purges":["old"]}');
      expect(fs.readdirSync(directory)).toEqual(['purges.json']);
      vi.restoreAllMocks();
    }
  });

  it('makes the folder again when it was removed while the app ran', () => {
    const { directory } = fileWithOldContent();
    fs.rmSync(directory, { recursive: true });
    const file = path.join(directory, 'purges.json');
    writeFileAtomically(file, '{"purges":[]}', 0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"purges":[]}');
    if (platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
