// Asking a real session bus whether a tray host runs (src/main/tray/tray-host.ts), with each of
// the desktop's tools the app may find: dbus-send and gdbus.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busNameOwned, WATCHER_NAME } from '../../src/main/tray/tray-host';
import { skipOrFail } from '../support/ci';
import { onPath, toolPath } from '../support/secret-service';
import type { SessionBus } from '../support/session-bus';
import { skipWithoutDbusDaemon, startSessionBus } from '../support/session-bus';

const skip = skipWithoutDbusDaemon('the tray host question');
let bus: SessionBus;
beforeAll(async () => {
  if (!skip) bus = await startSessionBus();
});
afterAll(() => bus?.stop());

const env = () => ({ PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: bus.address });

describe.skipIf(skip)('is a tray host on the session bus?', () => {
  it('no: nothing owns the StatusNotifierWatcher name on a bare bus', async () => {
    expect(await busNameOwned(WATCHER_NAME, env())).toBe('unowned');
  });

  it('yes: a name that has an owner (the bus itself) is told apart', async () => {
    expect(await busNameOwned('org.freedesktop.DBus', env())).toBe('owned');
  });

  it.skipIf(skipOrFail('gdbus', onPath('gdbus') ? undefined : 'gdbus is not installed'))(
    'where dbus-send is missing, gdbus answers the same',
    async () => {
      // A PATH with gdbus and no dbus-send.
      const tools = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-gdbus-only-'));
      try {
        fs.symlinkSync(toolPath('gdbus')!, path.join(tools, 'gdbus'));
        const gdbusOnly = { PATH: tools, DBUS_SESSION_BUS_ADDRESS: bus.address };
        expect(await busNameOwned(WATCHER_NAME, gdbusOnly)).toBe('unowned');
        expect(await busNameOwned('org.freedesktop.DBus', gdbusOnly)).toBe('owned');
        const neither = {
          PATH: tools.replace(/$/, '-none'),
          DBUS_SESSION_BUS_ADDRESS: bus.address,
        };
        expect(await busNameOwned(WATCHER_NAME, neither)).toBe('unknown');
      } finally {
        fs.rmSync(tools, { recursive: true, force: true });
      }
    },
  );

  it('no bus to ask (no D-Bus session): unknown, so the icon is taken to show', async () => {
    const gone = { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    expect(await busNameOwned(WATCHER_NAME, gone)).toBe('unknown');
  });
});
