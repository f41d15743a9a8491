// Upgrading to accounts, with a real Secret Service: the one key a version before accounts stored
// (keychain account "private-key" of the service) is the account "default" afterwards, whichever
// command runs first, and nothing is lost: the built CLI reads it, uses it, and moves it.
// Needs a Secret Service (`npm test` starts one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarKeychain, LEGACY_KEYCHAIN_ACCOUNT } from '../../src/core/accounts/keychain';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { cliEnv } from '../cli/fixtures';
import { runBuiltCli } from '../support/cli-process';
import { skipWithoutSecretService } from '../support/secret-service';

const SERVICE = `purge-watch-upgrade-test-${process.pid}`;
const skip = await skipWithoutSecretService('the keychain upgrade tests', SERVICE);

let fake: FakeImageKit;
beforeAll(async () => {
  if (!skip) fake = await startFakeImageKit({ completeAfterMs: 0 });
});
afterAll(async () => {
  if (!skip) await fake.close();
});

/** A keychain service as the version before accounts left it: its one key under "private-key". */
async function keychainBeforeAccounts(service: string): Promise<KeytarKeychain> {
  const keychain = new KeytarKeychain({ service });
  await keychain.setPrivateKey(fake.privateKey, LEGACY_KEYCHAIN_ACCOUNT);
  return keychain;
}

function cli(service: string, args: string[]) {
  return runBuiltCli(args, {
    env: cliEnv(fake, {
      IMAGEKIT_PRIVATE_KEY: undefined,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
      PURGE_WATCH_KEYCHAIN_SERVICE: service,
    }),
  });
}

describe.skipIf(skip)('a keychain written before accounts', () => {
  it.each([['key status first'], ['status first']])(
    'is the account "default" after the upgrade (%s), and the key is kept',
    async (order) => {
      const service = `${SERVICE}-${order.split(' ')[0]}`;
      const keychain = await keychainBeforeAccounts(service);
      try {
        const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
        const keyStatus = () => cli(service, ['key', 'status', '--json']);
        const status = () => cli(service, ['status', '--json', id]);
        // The first command after the upgrade moves the key; the second finds it moved.
        const { statusRun, keyRun } =
          order === 'status first'
            ? { statusRun: await status(), keyRun: await keyStatus() }
            : { keyRun: await keyStatus(), statusRun: await status() };

        expect(keyRun.code).toBe(0);
        expect(keyRun.json).toEqual([{ source: 'keychain', keychain: expect.any(String) }]);
        expect(statusRun.code).toBe(0);
        expect(statusRun.json).toEqual([
          { requestId: id, account: 'default', status: 'Completed' },
        ]);
        expect(fake.requests.filter((r) => r.requestId === id).every((r) => r.authValid)).toBe(
          true,
        );

        const accounts = await cli(service, ['accounts', '--json']);
        expect(accounts.json).toEqual([{ name: 'default', source: 'keychain', isDefault: true }]);
        // Moved, not copied or lost.
        expect(await keychain.getPrivateKey('default')).toBe(fake.privateKey);
        expect(await keychain.getPrivateKey(LEGACY_KEYCHAIN_ACCOUNT)).toBeUndefined();
      } finally {
        for (const name of await keychain.accountNames()) await keychain.deletePrivateKey(name);
        await keychain.deletePrivateKey(LEGACY_KEYCHAIN_ACCOUNT);
      }
    },
  );
});
