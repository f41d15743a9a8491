// A file that is there but cannot be read (EACCES: its mode, its owner) until the test says it
// can be. Faked at `fs.readFileSync`, as the profile's files are read: root, who runs the tests
// here, reads any file whatever its mode, so a real chmod cannot make one. Nothing else is
// refused: a write over the file still works, as for a user whose folder is writable, so a test
// sees one. `vi.restoreAllMocks()` (in an afterEach) ends it.
import fs from 'node:fs';
import { vi } from 'vitest';

export function unreadableFile(filePath: string): {
  /** From now on the file reads as usual (its mode was put right). */
  readable: () => void;
  /** What the file holds now, read past the refusal. */
  content: () => string;
} {
  const read = fs.readFileSync.bind(fs) as (
    file: fs.PathOrFileDescriptor,
    options?: unknown,
  ) => unknown;
  let refused = true;
  vi.spyOn(fs, 'readFileSync').mockImplementation(((
    file: fs.PathOrFileDescriptor,
    options?: unknown,
  ) => {
    if (refused && String(file) === filePath) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${filePath}'`), {
        code: 'EACCES',
        syscall: 'open',
        path: filePath,
      });
    }
    return read(file, options);
  }) as typeof fs.readFileSync);
  return {
    readable: () => {
      refused = false;
    },
    content: () => read(filePath, 'utf8') as string,
  };
}
