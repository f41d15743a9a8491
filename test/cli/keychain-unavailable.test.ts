// The built CLI with no Secret Service (no D-Bus session): every command that needs the
// keychain exits 5 with keytar's trouble in words, nothing is labelled "authentication
// failed" (nothing was authenticated), and with IMAGEKIT_PRIVATE_KEY the keychain is not needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 0 });
});
afterAll(() => fake.close());

/** No bus at all (an empty address), no display to autolaunch one, and no key in the environment. */
const noKeychain = () =>
  cliEnv(fake, {
    DBUS_SESSION_BUS_ADDRESS: '',
    DISPLAY: undefined,
    IMAGEKIT_PRIVATE_KEY: undefined,
  });

describe('no Secret Service', () => {
  it.each([
    [['key', 'status'], ''],
    [['key', 'set'], 'private_abcdef123456\n'],
    [['key', 'delete'], ''],
  ])('%j exits 5 with one line saying so', async (args, input) => {
    const run = await runBuiltCli(args, { env: noKeychain(), input });
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^purge-watch: .*(keyring|D-Bus).*IMAGEKIT_PRIVATE_KEY instead\.\n$/,
    );
    expect(run.stderr).not.toContain('private_abcdef123456');
  });

  it('status <id> exits 5 before sending anything, not as an authentication failure', async () => {
    fake.resetRecords();
    const id = fake.addPurge(objectIdAt(Date.now()));
    const run = await runBuiltCli(['status', id], { env: noKeychain() });
    expect(run.code).toBe(5);
    expect(run.stderr).not.toMatch(/authenticat/i);
    expect(run.stderr).toMatch(/^purge-watch: .*keyring/);
    expect(fake.requests).toHaveLength(0);
  });

  it('with IMAGEKIT_PRIVATE_KEY set, key status exits 0 and status works', async () => {
    const env = { ...noKeychain(), IMAGEKIT_PRIVATE_KEY: fake.privateKey };
    const status = await runBuiltCli(['key', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toBe('Private key: from IMAGEKIT_PRIVATE_KEY (environment)\n');
    const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const run = await runBuiltCli(['status', id], { env });
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${id}  Completed`]);
  });
});
