// A file the CLI shares with the app (core/storage/shared-file.ts) that was not JSON is moved
// aside, never deleted. Each move is one line on stderr naming where the file went and what
// starts again: a user whose purge ledger or duration history was reset must learn it, and
// where to find what it held. Only the path is said, never the file's content.
import type { SetAsideListener } from '../core/storage/store-file';
import type { Output } from './output';

/** Says on stderr that `file` was not JSON, where it was moved, and what `startsAgain`. */
export function saySetAside(output: Output, file: string, startsAgain: string): SetAsideListener {
  return ({ movedTo }) =>
    output.error(`${file} was not JSON: it was moved to ${movedTo}, and ${startsAgain}.`);
}
