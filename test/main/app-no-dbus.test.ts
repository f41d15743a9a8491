// The whole app with no D-Bus session at all (no desktop session, a service started over ssh).
// A file of its own: libsecret connects to the session bus once per process and keeps that
// connection, so a test before it in the same process would have connected it to a bus.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { objectIdAt } from '../fake-imagekit/server';
import { endMainProcess, launchMainProcess, openedWindow } from '../support/main-process';
import { until } from '../support/until';

afterEach(async () => {
  await endMainProcess();
});

it('with no D-Bus session at all: the window says the keychain cannot be reached, tracks what is pasted, and keeps it', async () => {
  const { mock, fake, profile } = await launchMainProcess([]);
  delete process.env.IMAGEKIT_PRIVATE_KEY;
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/purge-watch-no-bus';
  delete process.env.DISPLAY;
  const invoke = await openedWindow(mock);

  const key = fake.privateKey;
  const refused = await invoke('setPrivateKey', { key }).then(
    () => undefined,
    (error: unknown) => String(error),
  );
  // The window learns it once the keychain has been asked (at start, in the background).
  const told = async () =>
    ((await invoke('getSnapshot')) as { key: { problem?: string } }).key.problem;
  await until(async () => (await told()) !== undefined, 'the key problem told');
  expect(await told()).toMatch(/^No D-Bus session is running, so the keyring cannot be reached/);
  expect(refused).toMatch(/No D-Bus session is running/);
  expect(refused).not.toContain(key);

  const id = fake.addPurge(objectIdAt(Date.now() - 60_000), { completeAfterMs: 0 });
  await invoke('addFromText', { text: id });
  const stored = () => fs.readFileSync(path.join(profile, 'purges.json'), 'utf8');
  await until(
    () => fs.existsSync(path.join(profile, 'purges.json')) && stored().includes(id),
    'the purge saved',
  );
  expect(mock.errorBoxes).toEqual([]);
  mock.app.emit('before-quit');
});
