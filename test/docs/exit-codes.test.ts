// The README's table of the CLI's exit codes is what src/cli/exit-codes.ts says: the same codes,
// no more and no fewer, each with the meaning its name gives it. A changed code fails here until
// the README says the same (as test/docs/schedule-numbers.test.ts does for docs/SCHEDULE.md). The
// short lists, in `purge-watch --help` and the npm package's README, name the same codes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes';
import { USAGE } from '../../src/cli/usage';

const README = path.resolve(import.meta.dirname, '../../README.md');
const CLI_README = path.resolve(import.meta.dirname, '../../packages/cli/README.md');

/** The rows of the README's table headed "| exit code | meaning |": code → meaning. */
function exitCodeTable(): Map<number, string> {
  const lines = fs.readFileSync(README, 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\|\s*exit code\s*\|\s*meaning\s*\|/.test(line));
  const rows = new Map<number, string>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [, code, meaning] = line.split('|').map((cell) => cell.trim());
    rows.set(Number(code), meaning!);
  }
  return rows;
}

/** What the README's meaning of each code must say, by the code's name in exit-codes.ts. */
const MEANING: Record<keyof typeof ExitCode, RegExp> = {
  ok: /all completed/,
  failed: /a request failed/,
  usage: /usage error/,
  timeout: /`--timeout` reached/,
  auth: /authentication/,
  keychain: /keychain cannot be used/,
  stale: /`--verify`: .*still served a copy from before/,
  hungUp: /terminal closed \(SIGHUP\)/,
  interrupted: /Ctrl-C \(SIGINT\)/,
  outputClosed: /stdout closed/,
  terminated: /SIGTERM/,
};

describe("the README's exit codes", () => {
  const table = exitCodeTable();

  it('are the codes of src/cli/exit-codes.ts, in order', () => {
    expect([...table.keys()]).toEqual(Object.values(ExitCode));
  });

  it.each(Object.entries(ExitCode))('states %s (%i) as the code means it', (name, code) => {
    expect(table.get(code), `README.md has no row for exit code ${code}`).toMatch(
      MEANING[name as keyof typeof ExitCode],
    );
  });
});

/** The codes a short list names: each a number after its opening or a comma ("0 ok, 1 …"). */
function listedCodes(list: string | undefined): number[] {
  return [...(list ?? '').matchAll(/(?:^|,\s+)(\d+)\s/g)].map((m) => Number(m[1]));
}

describe('the short lists of exit codes', () => {
  it('in purge-watch --help name every code', () => {
    const list = /\nExit codes: ([\s\S]*?)\.\n/.exec(USAGE)?.[1];
    expect(listedCodes(list)).toEqual(Object.values(ExitCode));
  });

  it("in the npm package's README name every code", () => {
    const list = /lists the commands and exit codes \(([^)]*)\)/.exec(
      fs.readFileSync(CLI_README, 'utf8'),
    )?.[1];
    expect(listedCodes(list)).toEqual(Object.values(ExitCode));
  });
});
