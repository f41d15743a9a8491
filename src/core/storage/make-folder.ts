// Creating a folder and the parents it lacks, one level at a time. Node's
// `mkdirSync(…, { recursive: true })` (and its promise form) loops forever when a level cannot be
// made although its parent exists, as procfs answers (ENOENT under /proc): a command whose
// profile folder was given there spun at full CPU, deaf to Ctrl-C and SIGTERM. Here such a level
// fails once, with its own error.
import fs from 'node:fs';
import path from 'node:path';

/** Makes `folder` and its missing parents; throws the first level's error that is not EEXIST. */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(folder); !fs.existsSync(at);) {
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing.reverse()) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      // Made meanwhile by another process (the app and the CLI share the profile).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
