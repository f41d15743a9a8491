// `stats` reads the month's purge counts; where their folder cannot be written (a read-only
// disk, a folder the user may not write), purges made meanwhile could not be counted by the app
// or a command, and the count stats shows is short of them: it says so, naming the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { LEDGER_FILE_NAME, monthOf } from '../../src/core/storage/purge-ledger';
import { memoryCliContext } from '../support/cli-context';

const profiles: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const profile of profiles.splice(0)) fs.rmSync(profile, { recursive: true, force: true });
});

async function stats(profile: string) {
  const { context, seen } = memoryCliContext({
    env: { IMAGEKIT_PRIVATE_KEY: 'private_statsLedger123=', PURGE_WATCH_USER_DATA: profile },
  });
  const ledger = { months: { [monthOf(context.clock.now())]: { environment: 12 } } };
  fs.writeFileSync(path.join(profile, LEDGER_FILE_NAME), JSON.stringify(ledger));
  const code = await runCli(['stats'], context);
  return { code, ...seen };
}

function profile(): string {
  const made = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-stats-'));
  profiles.push(made);
  return made;
}

it("says when this month's purge counts cannot be saved (a read-only disk), naming the file", async () => {
  const readOnly = profile();
  const accessSync = fs.accessSync.bind(fs);
  // A read-only disk refuses root too; faked here, as tests cannot mount one.
  vi.spyOn(fs, 'accessSync').mockImplementation((target, mode) => {
    if (String(target) === readOnly && mode === fs.constants.W_OK) {
      throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    }
    accessSync(target, mode);
  });
  const run = await stats(readOnly);
  expect(run.code).toBe(ExitCode.ok);
  expect(run.stdout).toMatch(/^12 of 1,000 purges submitted this month/m);
  expect(run.stderr).toBe(
    `purge-watch: This month's purge counts cannot be saved to ${path.join(readOnly, LEDGER_FILE_NAME)} (EROFS): the purges made while they cannot are not in this count.\n`,
  );
});

it('says nothing of saving where the counts can be saved', async () => {
  const run = await stats(profile());
  expect(run.stdout).toMatch(/^12 of 1,000 purges submitted this month/m);
  expect(run.stderr).toBe('');
});

it('says nothing of saving where the profile folder is not made yet: the first purge makes it', async () => {
  // A CI runner or a new machine where only the CLI runs, and stats comes first.
  const { context, seen } = memoryCliContext({
    env: {
      IMAGEKIT_PRIVATE_KEY: 'private_statsLedger123=',
      PURGE_WATCH_USER_DATA: path.join(profile(), 'not', 'made', 'yet'),
    },
  });
  expect(await runCli(['stats'], context)).toBe(ExitCode.ok);
  expect(seen.stdout).toMatch(/^0 of 1,000 purges submitted this month/m);
  expect(seen.stderr).toBe('');
});
