// The built CLI with several ImageKit accounts: keys in a real Secret Service (one test service,
// never the app's) and the fake ImageKit serving two accounts, each knowing only its own purges.
// It finds an ID's account without --account (one "not found" spent on the default account),
// takes --account and PURGE_WATCH_ACCOUNT, refuses an unknown account, lists the accounts, keeps
// keys per account, and names the account in what it prints.
// Needs a Secret Service (`npm test` starts one).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeytarKeychain } from '../../src/core/accounts/keychain';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import type { CliRun } from '../support/cli-process';
import { runBuiltCli } from '../support/cli-process';
import { skipWithoutSecretService } from '../support/secret-service';
import { cliEnv } from './fixtures';

const SERVICE = `purge-watch-cli-accounts-${process.pid}`;
const skip = await skipWithoutSecretService('the CLI account tests', SERVICE);

/** One account of the fake: its key, its purges, the requests that carried its key. */
interface FakeAccount {
  readonly privateKey: string;
  readonly requests: FakeImageKit['requests'];
  addPurge(requestId: string, seed?: { completeAfterMs?: number }): string;
}

let fake: FakeImageKit;
function accountOf(name: string): FakeAccount {
  return {
    get privateKey() {
      return fake.keyOf(name);
    },
    get requests() {
      return fake.requests.filter((request) => request.account === name);
    },
    addPurge: (requestId, seed = {}) => fake.addPurge(requestId, { ...seed, account: name }),
  };
}
const production = accountOf('default'); // the keychain account "default"
const staging = accountOf('staging'); // the keychain account "staging"
const keychain = new KeytarKeychain({ service: SERVICE, timeoutMs: 5_000 });

beforeAll(async () => {
  if (skip) return;
  fake = await startFakeImageKit({ accounts: ['default', 'staging'], completeAfterMs: 0 });
  await keychain.setPrivateKey(production.privateKey, 'default');
  await keychain.setPrivateKey(staging.privateKey, 'staging');
});
afterAll(async () => {
  if (skip) return;
  for (const name of await keychain.accountNames()) await keychain.deletePrivateKey(name);
  await fake.close();
});
beforeEach(() => {
  if (skip) return;
  fake.resetRecords();
});

/** The built CLI with the test keychain and both accounts' keys; no key in the environment. */
function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input = '',
): Promise<CliRun> {
  return runBuiltCli(args, {
    env: cliEnv(fake, {
      IMAGEKIT_PRIVATE_KEY: undefined,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
      PURGE_WATCH_KEYCHAIN_SERVICE: SERVICE,
      ...env,
    }),
    input,
  });
}

function expectNoKey(run: CliRun): void {
  for (const key of [production.privateKey, staging.privateKey]) {
    expect(run.stdout + run.stderr).not.toContain(key);
  }
}

const statusRequests = (account: FakeAccount, id: string) =>
  account.requests.filter((request) => request.requestId === id);

describe.skipIf(skip)('several accounts', () => {
  it('finds the account of an ID known only to the second, with one "not found" spent on the default', async () => {
    const id = staging.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const status = await cli(['status', '--json', id]);
    expect(status.code).toBe(0);
    expect(status.json).toEqual([{ requestId: id, account: 'staging', status: 'Completed' }]);
    expect(statusRequests(production, id)).toHaveLength(1);
    expect(statusRequests(production, id)[0]!.responseStatus).toBe(400);
    expect(statusRequests(staging, id)).toHaveLength(1);

    fake.resetRecords();
    const wait = await cli(['wait', id]);
    expect(wait.code).toBe(0);
    // With several accounts, the account is the second column.
    expect(wait.lines).toEqual([
      `${id}  staging  Completed (already completed at the first answer)`,
    ]);
    expect(statusRequests(production, id)).toHaveLength(1);
    expectNoKey(wait);
  });

  it('asks the default account first, and never the others, for an ID it knows', async () => {
    const id = production.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const run = await cli(['status', id]);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${id}  default  Completed`]);
    expect(staging.requests).toHaveLength(0);
  });

  it('says "not found" only when no account knows the ID, naming those it asked', async () => {
    const id = objectIdAt(Date.now());
    const run = await cli(['status', '--json', id]);
    expect(run.code).toBe(1);
    const message =
      'No request found for this requestId in any of your accounts (default, staging).';
    expect(run.json).toEqual([
      { requestId: id, account: 'default', error: { kind: 'not_found', message } },
    ]);
    const wait = await cli(['wait', '--json', id]);
    expect(wait.code).toBe(1);
    expect(wait.json).toEqual([
      { requestId: id, account: 'default', error: { kind: 'not_found', message } },
    ]);
    expect(statusRequests(production, id)).toHaveLength(2);
    expect(statusRequests(staging, id)).toHaveLength(2);
  });

  it('--account and PURGE_WATCH_ACCOUNT ask that account alone; the option wins', async () => {
    const id = staging.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const named = await cli(['status', '--json', '--account', 'staging', id]);
    expect(named.json).toEqual([{ requestId: id, account: 'staging', status: 'Completed' }]);
    const fromEnvironment = await cli(['wait', '--json', id], { PURGE_WATCH_ACCOUNT: 'staging' });
    expect(fromEnvironment.code).toBe(0);
    expect(fromEnvironment.json).toMatchObject([{ requestId: id, account: 'staging' }]);
    expect(production.requests).toHaveLength(0);

    const optionWins = await cli(['status', '--account', 'default', id], {
      PURGE_WATCH_ACCOUNT: 'staging',
    });
    expect(optionWins.code).toBe(1);
    expect(optionWins.stderr).toBe(
      `purge-watch: ${id}: No request found for this requestId. (not found)\n`,
    );
    expect(statusRequests(staging, id)).toHaveLength(2); // the two runs above, not this one
  });

  it('purges with the default account, or the one named, and says which', async () => {
    const url = 'https://ik.imagekit.io/acme/a.png';
    const byDefault = await cli(['purge', '--json', url]);
    expect(byDefault.json).toEqual([
      { requestId: expect.stringMatching(/^[0-9a-f]{24}$/), account: 'default', url },
    ]);
    const named = await cli(['purge', '--account', 'staging', url]);
    expect(named.code).toBe(0);
    expect(named.lines).toEqual([expect.stringMatching(/^[0-9a-f]{24} {2}staging {2}https:/)]);
    expect(production.requests.map((r) => r.endpoint)).toEqual(['submit']);
    expect(staging.requests.map((r) => r.endpoint)).toEqual(['submit']);
    const viaEnvironment = await cli(['purge', '--wait', '--json', url], {
      PURGE_WATCH_ACCOUNT: 'staging',
    });
    expect(viaEnvironment.code).toBe(0);
    expect(viaEnvironment.json.map((line) => line.account)).toEqual(['staging', 'staging']);
  });

  it('an unknown account is a usage error naming the accounts there are, and sends nothing', async () => {
    const id = objectIdAt(Date.now());
    const option = await cli(['status', '--account', 'prod', id]);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe(
      'purge-watch: No account is named "prod": the accounts are default, staging.\n',
    );
    const variable = await cli(['purge', 'https://ik.imagekit.io/acme/a.png'], {
      PURGE_WATCH_ACCOUNT: 'private_pasted0by0mistake',
    });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toBe(
      'purge-watch: PURGE_WATCH_ACCOUNT names "private_…", which is no account: the accounts are default, staging.\n',
    );
    expect(production.requests).toHaveLength(0);
    expect(staging.requests).toHaveLength(0);
    const malformed = await cli(['wait', '--account', 'a b', id]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^purge-watch: --account "a b": An account name is letters/);
  });

  it('a refused key holds only its account: the others are still answered, exit 4', async () => {
    const known = production.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
    const elsewhere = objectIdAt(Date.now() - 1_000);
    await keychain.setPrivateKey('private_revoked0key0of0staging', 'staging');
    try {
      for (const command of ['status', 'wait']) {
        const run = await cli([command, '--json', elsewhere, known]);
        expect(run.code).toBe(4);
        // status answers in the order given; wait as each purge settles.
        expect(run.json).toHaveLength(2);
        expect(run.json).toContainEqual({
          requestId: elsewhere,
          account: 'staging',
          error: { kind: 'auth', message: 'staging: Your account cannot be authenticated.' },
        });
        expect(run.json).toContainEqual(
          expect.objectContaining({ requestId: known, account: 'default', status: 'Completed' }),
        );
        expect(run.stderr).toBe('purge-watch: staging: Your account cannot be authenticated.\n');
      }
    } finally {
      await keychain.setPrivateKey(staging.privateKey, 'staging');
    }
  });

  it('`accounts` lists every account, the default first, never a key', async () => {
    const run = await cli(['accounts']);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual(['default  keychain  (default)', 'staging  keychain']);
    const withEnvironment = await cli(['accounts', '--json'], {
      IMAGEKIT_PRIVATE_KEY: production.privateKey,
    });
    expect(withEnvironment.json).toEqual([
      { name: 'environment', source: 'environment', isDefault: true },
      { name: 'default', source: 'keychain', isDefault: false },
      { name: 'staging', source: 'keychain', isDefault: false },
    ]);
    const chosen = await cli(['accounts', '--json'], { PURGE_WATCH_ACCOUNT: 'staging' });
    expect(chosen.json.map((account) => [account.name, account.isDefault])).toEqual([
      ['staging', true],
      ['default', false],
    ]);
    expectNoKey(run);
    expectNoKey(withEnvironment);
  });

  it('key set | status | delete --account keep one key per account; set adds the account', async () => {
    const key = 'private_clientA0test0key0only=';
    const set = await cli(['key', 'set', '--no-check', '--account', 'client-a'], {}, `${key}\n`);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(
      /^Stored the private key of "client-a" in .* \(a new account\)\.\n$/,
    );
    expect(set.stdout + set.stderr).not.toContain(key);
    const listed = await cli(['accounts', '--json']);
    expect(listed.json.map((account) => account.name)).toEqual(['default', 'client-a', 'staging']);

    const status = await cli(['key', 'status', '--account', 'client-a', '--json']);
    expect(status.json).toEqual([
      { source: 'keychain', keychain: expect.any(String), account: 'client-a' },
    ]);
    // Without --account: the default account's key, as before accounts.
    const plain = await cli(['key', 'status', '--json']);
    expect(plain.json).toEqual([{ source: 'keychain', keychain: expect.any(String) }]);

    const deleted = await cli(['key', 'delete', '--account', 'client-a']);
    expect(deleted.stdout).toMatch(/^Deleted the private key of "client-a" from /);
    const gone = await cli(['key', 'status', '--account', 'client-a']);
    expect(gone.code).toBe(4);
    expect(await keychain.getPrivateKey('default')).toBe(production.privateKey);
    expect(await keychain.getPrivateKey('staging')).toBe(staging.privateKey);

    const environment = await cli(['key', 'set', '--account', 'environment'], {}, `${key}\n`);
    expect(environment.code).toBe(2);
    expect(environment.stderr).toMatch(/IMAGEKIT_PRIVATE_KEY: change or unset that variable/);
  });

  it('key status without --account, when only other accounts have keys, says so and not that none is stored', async () => {
    await keychain.deletePrivateKey('default');
    try {
      const run = await cli(['key', 'status']);
      expect(run.code).toBe(4);
      expect(run.stdout).toMatch(
        /^Private key: not set \(neither IMAGEKIT_PRIVATE_KEY nor .+ holds the account "default"'s; other accounts' keys are stored: purge-watch accounts lists them, --account NAME checks one\)\n$/,
      );
      expectNoKey(run);
    } finally {
      await keychain.setPrivateKey(production.privateKey, 'default');
    }
  });

  it('refuses a new account whose name differs only in case, and lists such names made before, saying so', async () => {
    const other = 'private_otherCase0test0key=';
    const refused = await cli(['key', 'set', '--account', 'STAGING'], {}, `${other}\n`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'purge-watch: There is already an account named "staging": names that differ only in case name one account.\n',
    );
    expect(await keychain.getPrivateKey('STAGING')).toBeUndefined();
    expect(await keychain.getPrivateKey('staging')).toBe(staging.privateKey);

    // Made before such names were refused: each keeps its key, and both are listed.
    await keychain.setPrivateKey(other, 'Staging');
    try {
      const listed = await cli(['accounts']);
      expect(listed.code).toBe(0);
      expect(listed.lines).toEqual([
        'default  keychain  (default)',
        'staging  keychain',
        'Staging  keychain',
      ]);
      expect(listed.stderr).toBe(
        'purge-watch: The accounts "staging" and "Staging" have names that differ only in case: Windows Credential Manager keeps one key for such names, and they are easily mixed up. Rename or remove one of each.\n',
      );
      expect(await keychain.getPrivateKey('staging')).toBe(staging.privateKey);
      expect(await keychain.getPrivateKey('Staging')).toBe(other);
    } finally {
      await keychain.deletePrivateKey('Staging');
    }
  });
});
