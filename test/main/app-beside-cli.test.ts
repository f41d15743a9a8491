// The app and the CLI as live processes on one profile: the main process (under the electron
// mock, in this test process) and the built `purge-watch` (a process of its own) purge URLs at
// the same time, round after round, and each tracks what it purged. Afterwards the month's
// ledger counts every purge of both (each takes the ledger's lock for its write), the app still
// tracks all it purged, and neither reported a failure.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { endMainProcess, launchMainProcess, openedWindow } from '../support/main-process';
import { startCli } from '../support/cli-process';
import { until } from '../support/until';
import { cliEnv } from '../cli/fixtures';

afterEach(async () => {
  await endMainProcess();
});

const ROUNDS = 4;
const PER_ROUND = 3;

it(
  'the app and the CLI purging at once on one profile: every purge is counted once',
  { timeout: 120_000 },
  async () => {
    const { mock, fake, profile } = await launchMainProcess([]);
    const invoke = await openedWindow(mock);
    // The CDN check of URL purges needs a CDN: not this test's subject.
    await invoke('setSettings', { verifyFreshness: false });
    const env = cliEnv(fake, { PURGE_WATCH_USER_DATA: profile });
    const url = (who: string, round: number, n: number) =>
      `https://ik.imagekit.io/acme/${who}/r${round}-${n}.js`;

    for (let round = 0; round < ROUNDS; round++) {
      const urls = (who: string) => Array.from({ length: PER_ROUND }, (_, n) => url(who, round, n));
      // The app purges once the CLI is mid-purge: its first URL sent, its ledger write to come.
      const cliRun = startCli(['purge', ...urls('cli')], { env });
      await until(
        () => fake.requests.some((r) => JSON.stringify(r.body ?? '').includes(`/cli/r${round}-`)),
        "the CLI's first purge sent",
      );
      const app = await invoke('purgeUrls', { text: urls('app').join('\n') });
      const cli = await cliRun.done;
      expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
      const answered = app as { results: { requestId?: string }[]; rejected: unknown[] };
      expect(answered.rejected).toEqual([]);
      expect(answered.results.every((result) => result.requestId !== undefined)).toBe(true);
    }

    const ledger = JSON.parse(fs.readFileSync(path.join(profile, 'purge-ledger.json'), 'utf8'));
    expect(Object.values(ledger.months)).toEqual([{ environment: 2 * ROUNDS * PER_ROUND }]);
    const snapshot = (await invoke('getSnapshot')) as { purges: unknown[] };
    expect(snapshot.purges).toHaveLength(ROUNDS * PER_ROUND);
    expect(fs.readdirSync(profile).filter((name) => name.endsWith('.lock'))).toEqual([]);
    mock.app.emit('before-quit');
  },
);
