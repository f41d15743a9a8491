// The docs' command lines as a shell reads them: a wildcard URL passed to purge-watch is quoted,
// or the shell expands its * first (zsh stops with "no matches found", sh passes a file name).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOCS = ['README.md', 'packages/cli/README.md'];

/** Every purge-watch command line in a doc's code blocks, continuation lines joined. */
function commandLines(text: string): string[] {
  const blocks = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .filter((line) => /\bpurge-watch (purge|wait|status)\b/.test(line));
}

describe('shell examples in the docs', () => {
  it.each(DOCS)('%s quotes every wildcard URL it passes to purge-watch', (doc) => {
    const lines = commandLines(fs.readFileSync(path.join(ROOT, doc), 'utf8'));
    expect(lines.length).toBeGreaterThan(0);
    const unquoted = lines.filter((line) => /(^|\s)https?:\/\/\S*\*/.test(line));
    expect(unquoted).toEqual([]);
  });
});
