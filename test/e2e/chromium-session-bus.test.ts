// The window's Chromium must outlive the D-Bus session it was started in: under `npm test` that
// is the private keyring's bus, which ends with the run (at once on Ctrl-C, while browsers still
// close). Chromium on that bus aborted when it went, leaving a 370 MB core file in the checkout.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { onPath } from '../support/secret-service';
import { skipOrFail } from '../support/ci';
import { launchChromium, skipBrowserTests } from './harness';

const noBus = skipOrFail(
  'the session-bus test of Chromium',
  onPath('dbus-daemon') ? undefined : 'dbus-daemon not installed',
  'apt-get install -y dbus, then npm test',
);

/** A session bus of its own, as with-keyring.sh starts one; `end()` stops it and waits. */
async function startSessionBus() {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const [address] = (await once(createInterface({ input: daemon.stdout }), 'line')) as [string];
  return {
    address,
    end: () => {
      daemon.kill('SIGTERM');
      return exited;
    },
  };
}

describe.skipIf(skipBrowserTests() || noBus)('Chromium and the session bus', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the window running when the session bus it started in ends', async () => {
    const bus = await startSessionBus();
    const before = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    try {
      browser = await launchChromium();
    } finally {
      if (before === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = before;
    }
    const page = await browser.newPage();
    await page.setContent('<p>still here</p>');
    const ended: string[] = [];
    browser.on('disconnected', () => ended.push('Chromium ended with the bus'));

    await bus.end();
    // On the bus, Chromium aborted within milliseconds of the bus going; a second is ample to
    // see it (a wait for something that must not happen, not a duration under test).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ended).toEqual([]);
    expect(await page.textContent('p')).toBe('still here');
  });
});
