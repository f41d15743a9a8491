// The README's usage block under "The command line" is what `purge-watch --help` prints
// (src/cli/usage.ts): its commands and their options, then the options every command takes. A
// changed option or default fails here until the README says the same.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli/usage';

const README = path.resolve(import.meta.dirname, '../../README.md');

describe("the README's command line usage", () => {
  it('is the help text, from "Usage:" to the end of "Options:"', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const block = /\n## The command line\n\n```\n([\s\S]*?)```\n/.exec(readme)?.[1];
    const help = /^Usage:\n[\s\S]*?\nOptions:\n(?: {2}.*\n)+/m.exec(USAGE)?.[0];
    expect(help).toContain('--max-purges');
    expect(block).toBe(help);
  });
});
