// A profile folder the CLI cannot create. Node's `mkdirSync(…, { recursive: true })` loops
// forever where a level cannot be made although its parent exists, as under /proc: `purge --wait`
// sent its purge, then spun at full CPU, deaf to SIGTERM (its handler never ran), until killed.
// Now the folder is made one level at a time (core/storage/make-folder.ts): the command does its
// work, says what it could not save, and ends. A profile path that is a file is named with each
// file it could not read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { startFakeImageKit } from '../fake-imagekit/server';
import { skipOrFail } from '../support/ci';
import { startCli } from '../support/cli-process';
import { cliEnv } from './fixtures';

const skip = skipOrFail(
  'the profile-under-/proc test',
  fs.existsSync('/proc/self') ? undefined : 'this system has no /proc (Linux has)',
);

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 300 });
});
afterAll(() => fake?.close());

describe('a profile path that is a file', () => {
  it('stats names each file it could not read, and still answers', async () => {
    const profile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-file-profile-')),
      'profile',
    );
    fs.writeFileSync(profile, '');
    const run = await startCli(['stats'], {
      env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
    }).done;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `purge-watch: The purge durations could not be read from ${path.join(profile, 'durations.json')} (ENOTDIR).`,
    );
    expect(run.stderr).toContain(
      `purge-watch: This month's purge counts could not be read from ${path.join(profile, 'purge-ledger.json')} (ENOTDIR).`,
    );
    expect(run.stdout).toMatch(/^0 completed purges in the history/m);
    fs.rmSync(path.dirname(profile), { recursive: true });
  });
});

describe.skipIf(skip)('a profile folder that cannot be made', () => {
  it("purge --wait under /proc purges, waits, says the month's purge counts could not be saved, and exits 0", async () => {
    const running = startCli(['purge', '--wait', 'https://ik.imagekit.io/acme/site/app.js'], {
      env: cliEnv(fake, { PURGE_WATCH_USER_DATA: '/proc/purge-watch-test/profile' }),
    });
    // Before the fix it never ended, and SIGTERM could not stop it.
    const guard = setTimeout(() => running.child.kill('SIGKILL'), 40_000);
    try {
      const run = await running.done;
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^[0-9a-f]{24} {2}https:\/\/ik\.imagekit\.io\/acme\/site\/app\.js {2}Completed (after|within) /m,
      );
      expect(run.stderr).toContain(
        "purge-watch: This month's purge counts could not be saved to /proc/purge-watch-test/profile/purge-ledger.json (ENOENT).",
      );
    } finally {
      clearTimeout(guard);
    }
  }, 60_000);
});
