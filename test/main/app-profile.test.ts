// The main process on a profile it cannot use as users give it one: a folder under /proc (which
// no one, root included, can make), where Node's recursive mkdir never returns. The app starts,
// says what it cannot save, and tracks in memory.
import fs from 'node:fs';
import { afterEach, expect, it, vi } from 'vitest';
import { objectIdAt } from '../fake-imagekit/server';
import { endMainProcess, launchMainProcess } from '../support/main-process';
import { until } from '../support/until';

afterEach(async () => {
  vi.restoreAllMocks();
  await endMainProcess();
});

it('starts on a profile under /proc without spinning in a recursive mkdir, and tracks in memory', async () => {
  const { mock, fake } = await launchMainProcess([]);
  const userData = '/proc/self/purge-watch-profile';
  mock.app.setPath('userData', userData);
  // Node's mkdirSync(…, { recursive: true }) loops forever there (ENOENT from a parent that
  // exists): the app would never start. Refused here, so a call fails the test instead of hanging it.
  const spinning: string[] = [];
  const mkdirSync = fs.mkdirSync.bind(fs);
  vi.spyOn(fs, 'mkdirSync').mockImplementation(((folder: fs.PathLike, options?: unknown) => {
    const recursive = typeof options === 'object' && options !== null && 'recursive' in options;
    if (recursive && String(folder).startsWith('/proc/')) {
      spinning.push(String(folder));
      throw new Error(`mkdirSync(${String(folder)}, { recursive: true }) never returns here`);
    }
    return mkdirSync(folder, options as fs.MakeDirectoryOptions);
  }) as typeof fs.mkdirSync);
  const id = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: Infinity });
  process.argv.push('--track', id);

  mock.app.becomeReady();
  await until(() => mock.trays.length === 1, 'the tray');
  const labels = () => (mock.trays[0]!.contextMenu?.template ?? []).map((i) => String(i.label));
  await until(() => labels().some((l) => l.includes(id)), 'the purge, tracked in memory');
  expect(spinning).toEqual([]);
  expect(mock.errorBoxes).toEqual([]);
  expect(labels().join('\n')).toContain(`⚠ Could not save tracked purges to ${userData}`);
  mock.app.emit('before-quit');
});
