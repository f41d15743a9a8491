import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/core/storage/make-folder';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-make-folder-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('makeFolder', () => {
  it('makes a folder and the parents it lacks, and leaves one that exists as it is', () => {
    const folder = path.join(root, 'a', 'b', 'c');
    makeFolder(folder);
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(folder, 'kept'), 'x');
    makeFolder(folder);
    expect(fs.readFileSync(path.join(folder, 'kept'), 'utf8')).toBe('x');
  });

  it("fails with the blocked level's own error: a file where a folder should be", () => {
    fs.writeFileSync(path.join(root, 'file'), '');
    expect(() => makeFolder(path.join(root, 'file', 'below'))).toThrow(
      expect.objectContaining({ code: 'ENOTDIR' }),
    );
  });

  it.runIf(fs.existsSync('/proc/self'))(
    'fails once where a level cannot be made though its parent exists (/proc), instead of looping',
    () => {
      expect(() => makeFolder('/proc/purge-watch-test/profile')).toThrow(
        expect.objectContaining({ code: 'ENOENT' }),
      );
    },
  );
});
