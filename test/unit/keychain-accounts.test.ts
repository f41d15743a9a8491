// The keychain adapter's accounts, on an in-memory keytar (the real Secret Service runs in
// test/integration): one entry per account, the one key of a version before accounts, and on
// macOS the names kept apart so that listing accounts prompts for no key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_NAME_FILE, accountNameListFor } from '../../src/core/accounts/account-name-file';
import type { KeytarModule } from '../../src/core/accounts/keychain';
import type { RecoveredStore, SetAsideListener } from '../../src/core/storage/store-file';
import { KeytarKeychain, LEGACY_KEYCHAIN_ACCOUNT } from '../../src/core/accounts/keychain';
import { PrivateKeySource } from '../../src/core/accounts/key-source';

class MemoryKeytar implements KeytarModule {
  readonly entries = new Map<string, string>();
  /** Listing answers this late, with what it found when asked (a slow Secret Service). */
  listDelayMs = 0;
  async getPassword(service: string, account: string) {
    return this.entries.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string) {
    this.entries.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string) {
    return this.entries.delete(`${service}/${account}`);
  }
  async findCredentials(service: string) {
    const found = [...this.entries]
      .filter(([key]) => key.startsWith(`${service}/`))
      .map(([key, password]) => ({ account: key.slice(service.length + 1), password }));
    if (this.listDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.listDelayMs));
    return found;
  }
}

function keychainOn(keytar: MemoryKeytar) {
  return new KeytarKeychain({ service: 'svc', keytar, lockedKeyProbe: async () => false });
}

describe('the keychain with several accounts', () => {
  it('keeps one key per account under the service, the account name as the keychain account', async () => {
    const keytar = new MemoryKeytar();
    const keychain = keychainOn(keytar);
    await keychain.setPrivateKey('private_prod=', 'production');
    await keychain.setPrivateKey('private_stage=', 'staging');
    expect(await keychain.getPrivateKey('production')).toBe('private_prod=');
    expect(keytar.entries.get('svc/staging')).toBe('private_stage=');
    expect((await keychain.accountNames()).sort()).toEqual(['production', 'staging']);
    expect(await keychain.deletePrivateKey('staging')).toBe(true);
    expect(await keychain.accountNames()).toEqual(['production']);
  });

  it("moves the key a version before accounts stored to the account 'default', losing nothing", async () => {
    const keytar = new MemoryKeytar();
    keytar.entries.set(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`, 'private_old=');
    const keychain = keychainOn(keytar);
    expect(await keychain.accountNames()).toEqual(['default']);
    expect(await keychain.getPrivateKey('default')).toBe('private_old=');
    expect(keytar.entries.has(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`)).toBe(false);
  });

  it('moves it as well when the default key is read before the accounts are listed', async () => {
    const keytar = new MemoryKeytar();
    keytar.entries.set(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`, 'private_old=');
    const keychain = keychainOn(keytar);
    expect(await keychain.getPrivateKey('default')).toBe('private_old=');
    expect([...keytar.entries]).toEqual([['svc/default', 'private_old=']]);
    expect(await keychain.accountNames()).toEqual(['default']);
  });

  it('lists the default account when a read of the default key moved the old key meanwhile', async () => {
    const keytar = new MemoryKeytar();
    keytar.entries.set(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`, 'private_old=');
    keytar.listDelayMs = 20; // the list still shows the old entry when it answers
    const keychain = keychainOn(keytar);
    const [names, key] = await Promise.all([
      keychain.accountNames(),
      keychain.getPrivateKey('default'),
    ]);
    expect(key).toBe('private_old=');
    expect(names).toEqual(['default']);
  });

  it("leaves the old key where it is when 'default' already has a key of its own", async () => {
    const keytar = new MemoryKeytar();
    keytar.entries.set(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`, 'private_old=');
    keytar.entries.set('svc/default', 'private_new=');
    const keychain = keychainOn(keytar);
    expect(await keychain.accountNames()).toEqual(['default']);
    expect(await keychain.getPrivateKey('default')).toBe('private_new=');
    expect(keytar.entries.get(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`)).toBe('private_old=');
  });
});

/**
 * Notes the most of its calls in progress at once, each taking a few milliseconds, as the real
 * keytar's do on their threads (where a listing beside a delete crashes the process).
 */
class OverlapRecordingKeytar extends MemoryKeytar {
  private inProgress = 0;
  mostAtOnce = 0;
  failNextDelete = false;
  private async track<T>(call: () => Promise<T>): Promise<T> {
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.inProgress);
    try {
      await new Promise((resolve) => setTimeout(resolve, 3));
      return await call();
    } finally {
      this.inProgress--;
    }
  }
  override getPassword(service: string, account: string) {
    return this.track(() => super.getPassword(service, account));
  }
  override setPassword(service: string, account: string, password: string) {
    return this.track(() => super.setPassword(service, account, password));
  }
  override deletePassword(service: string, account: string) {
    return this.track(async () => {
      if (this.failNextDelete) {
        this.failNextDelete = false;
        throw new Error('Cannot delete: the keyring is busy');
      }
      return super.deletePassword(service, account);
    });
  }
  override findCredentials(service: string) {
    return this.track(() => super.findCredentials(service));
  }
}

describe('calls into keytar', () => {
  it('are made one at a time, from every adapter, however many the app makes at once', async () => {
    const keytar = new OverlapRecordingKeytar();
    keytar.entries.set(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`, 'private_old=');
    // The app's start after an upgrade: the default key read and the accounts listed at once
    // (both move the old key), while a second adapter, as the window's, stores another key.
    const [key, names] = await Promise.all([
      keychainOn(keytar).getPrivateKey('default'),
      keychainOn(keytar).accountNames(),
      keychainOn(keytar).setPrivateKey('private_stage=', 'staging'),
    ]);
    expect(keytar.mostAtOnce).toBe(1);
    expect(key).toBe('private_old=');
    expect(names).toContain('default');
    expect((await keychainOn(keytar).accountNames()).sort()).toEqual(['default', 'staging']);
    expect(keytar.entries.has(`svc/${LEGACY_KEYCHAIN_ACCOUNT}`)).toBe(false);
  });

  it('go on after one of them fails', async () => {
    const keytar = new OverlapRecordingKeytar();
    const keychain = keychainOn(keytar);
    await keychain.setPrivateKey('private_prod=', 'production');
    keytar.failNextDelete = true;
    const [deleted, names] = await Promise.allSettled([
      keychain.deletePrivateKey('production'),
      keychain.accountNames(),
    ]);
    expect(deleted).toMatchObject({ status: 'rejected', reason: { kind: 'failed' } });
    expect(names).toEqual({ status: 'fulfilled', value: ['production'] });
    expect(keytar.mostAtOnce).toBe(1);
  });
});

describe("a keychain call's timeout", () => {
  it('runs from its turn: a read behind a slow one is not timed out before it ran', async () => {
    // Each read answers 150 ms after it starts (a busy keyring); a call may take 250 ms.
    const keytar = new (class extends MemoryKeytar {
      override async getPassword(service: string, account: string) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return super.getPassword(service, account);
      }
    })();
    keytar.entries.set('svc/production', 'private_prod=');
    keytar.entries.set('svc/staging', 'private_stage=');
    const keychain = new KeytarKeychain({
      service: 'svc',
      keytar,
      timeoutMs: 250,
      platform: 'linux',
      lockedKeyProbe: async () => false,
    });
    // Made at once: the second starts when the first has answered, and gets its 250 ms then.
    const keys = await Promise.all([
      keychain.getPrivateKey('production'),
      keychain.getPrivateKey('staging'),
    ]);
    expect(keys).toEqual(['private_prod=', 'private_stage=']);
  });
});

/** Counts the keys keytar reads: each getPassword, and every entry findCredentials returns. */
class CountingKeytar extends MemoryKeytar {
  keysRead = 0;
  override async getPassword(service: string, account: string) {
    this.keysRead++;
    return super.getPassword(service, account);
  }
  override async findCredentials(service: string) {
    const found = await super.findCredentials(service);
    this.keysRead += found.length;
    return found;
  }
}

describe('macOS: the account names kept where reading them needs no secret', () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-names-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  // Each start of the app or the CLI makes its own adapter over the same keychain and folder.
  const start = (keytar: KeytarModule, onSetAside: SetAsideListener = () => undefined) =>
    new KeytarKeychain({
      service: 'svc',
      keytar,
      platform: 'darwin',
      lockedKeyProbe: async () => false,
      nameList: accountNameListFor('darwin', folder, onSetAside),
    });
  const nameList = (platform: NodeJS.Platform) =>
    accountNameListFor(platform, folder, () => undefined);

  it('lists the keychain once (no list yet), then never reads a key to list or describe accounts', async () => {
    const keytar = new CountingKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    keytar.entries.set('svc/staging', 'private_stage=');
    expect((await start(keytar).accountNames()).sort()).toEqual(['production', 'staging']);
    expect(keytar.keysRead).toBe(2); // the upgrade's one listing: one prompt per account, once

    keytar.keysRead = 0;
    const keys = new PrivateKeySource(start(keytar), undefined);
    expect((await keys.accounts()).accounts.map((a) => a.name)).toEqual(['production', 'staging']);
    expect(await keys.status('staging')).toMatchObject({ source: 'keychain' });
    expect(keytar.keysRead).toBe(0); // a start: no prompt
    expect(await keys.get('production')).toBe('private_prod='); // a request needs it
    expect(keytar.keysRead).toBe(1);
  });

  it('keeps the list as keys are stored and deleted, here or by another program', async () => {
    const keytar = new CountingKeytar();
    const keychain = start(keytar);
    expect(await keychain.accountNames()).toEqual([]);
    await keychain.setPrivateKey('private_prod=', 'production');
    await keychain.setPrivateKey('private_stage=', 'staging');
    expect(await keychain.deletePrivateKey('staging')).toBe(true);
    keytar.entries.set('svc/ci', 'private_ci='); // `security add-generic-password`, an old CLI
    expect(await keychain.getPrivateKey('ci')).toBe('private_ci=');
    keytar.entries.delete('svc/production'); // deleted in Keychain Access
    expect(await keychain.getPrivateKey('production')).toBeUndefined();
    keytar.keysRead = 0;
    expect(await start(keytar).accountNames()).toEqual(['ci']);
    expect(keytar.keysRead).toBe(0);
  });

  it('asks the keychain about a name the list lacks, for that account only, and lists it then', async () => {
    const keytar = new CountingKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    expect(await start(keytar).accountNames()).toEqual(['production']);
    keytar.entries.set('svc/ci', 'private_ci='); // `security add-generic-password`
    keytar.keysRead = 0;
    const keys = new PrivateKeySource(start(keytar), undefined);
    expect(await keys.status('ci')).toMatchObject({ source: 'keychain' });
    expect(keytar.keysRead).toBe(1); // that one account's entry, not every account's
    expect(await keys.status('nothing-here')).toMatchObject({ source: 'none' });
    keytar.keysRead = 0;
    expect((await start(keytar).accountNames()).sort()).toEqual(['ci', 'production']);
    expect(await keys.status('ci')).toMatchObject({ source: 'keychain' });
    expect(keytar.keysRead).toBe(0);
  });

  it('refuses to rename onto a name whose key another program stored, though the list lacks it', async () => {
    const keytar = new CountingKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    const keys = new PrivateKeySource(start(keytar), undefined);
    expect((await keys.accounts()).accounts.map((a) => a.name)).toEqual(['production']);
    keytar.entries.set('svc/staging', 'private_stage=');
    await expect(keys.rename('production', 'staging')).rejects.toThrow(/staging/);
    expect(keytar.entries.get('svc/staging')).toBe('private_stage=');
    expect(keytar.entries.get('svc/production')).toBe('private_prod=');
  });

  it('a first listing keeps the list another process started meanwhile, with its changes', async () => {
    const keytar = new MemoryKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    keytar.listDelayMs = 30; // this start lists the keychain slowly
    const slow = start(keytar).accountNames();
    // Meanwhile the CLI starts the list (from its own listing), stores a key and deletes one.
    const cli = start(new MemoryKeytar());
    await new Promise((resolve) => setTimeout(resolve, 5));
    nameList('darwin')!.update(() => ['production']);
    await cli.setPrivateKey('private_ci=', 'ci');
    await cli.deletePrivateKey('production');
    expect(await slow).toEqual(['ci']);
    expect(nameList('darwin')!.read()).toEqual(['ci']);
  });

  it('a read that finds the list as it should be leaves it alone: no lock, no write, while another process writes it', async () => {
    const keytar = new MemoryKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    const keychain = start(keytar);
    expect(await keychain.accountNames()).toEqual(['production']);
    const file = path.join(folder, ACCOUNT_NAME_FILE);
    const written = fs.statSync(file);
    // A purge-watch command holds the list's lock, changing it (a live holder: never broken).
    const holder = JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'cli' });
    fs.writeFileSync(`${file}.lock`, holder);
    const list = accountNameListFor('darwin', folder, () => undefined)!;
    // What every read of a key asks of the list: that its account is there (it is).
    expect(list.update((names) => names)).toEqual(['production']);
    expect(list.update(() => undefined)).toEqual(['production']);
    expect(await keychain.getPrivateKey('production')).toBe('private_prod=');
    expect(fs.statSync(file)).toMatchObject({ ino: written.ino, mtimeMs: written.mtimeMs });
    expect(fs.readFileSync(`${file}.lock`, 'utf8')).toBe(holder);
    // Once the command is done, a change that does change the list is written.
    fs.rmSync(`${file}.lock`);
    expect(list.update((names) => [...(names ?? []), 'ci'])).toEqual(['production', 'ci']);
    expect(list.read()).toEqual(['production', 'ci']);
  });

  it('a key stored or deleted while the list cannot be written (a full disk) is listed so all the same, and written once it can be', async () => {
    const keytar = new CountingKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    await start(keytar).accountNames(); // the list starts: ['production']
    const file = nameList('darwin')!;
    let full = true;
    const keychain = new KeytarKeychain({
      service: 'svc',
      keytar,
      platform: 'darwin',
      lockedKeyProbe: async () => false,
      nameList: {
        read: () => file.read(),
        update: (change) => {
          if (full)
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          return file.update(change);
        },
      },
    });
    await keychain.setPrivateKey('private_stage=', 'staging');
    expect(await keychain.deletePrivateKey('production')).toBe(true);
    expect(await keychain.accountNames()).toEqual(['staging']);
    expect(await keychain.hasPrivateKey('staging')).toBe(true);
    expect(file.read()).toEqual(['production']);

    full = false;
    expect(await keychain.accountNames()).toEqual(['staging']);
    keytar.keysRead = 0;
    expect(await start(keytar).accountNames()).toEqual(['staging']); // the next start
    expect(keytar.keysRead).toBe(0);
  });

  it('a damaged or foreign list is no list: the keychain is listed and the list written anew', async () => {
    const keytar = new CountingKeytar();
    keytar.entries.set('svc/production', 'private_prod=');
    const setAside: RecoveredStore[] = [];
    for (const damaged of ['{"accounts": [1]}', 'not json', JSON.stringify({ accounts: 'x' })]) {
      fs.writeFileSync(path.join(folder, ACCOUNT_NAME_FILE), damaged);
      const keychain = start(keytar, (recovered) => setAside.push(recovered));
      expect(await keychain.accountNames()).toEqual(['production']);
    }
    // The one that was not JSON was moved aside, kept whole, and its move told (JSON of another
    // shape is ours to overwrite: it holds no names).
    expect(setAside).toEqual([
      { movedTo: expect.stringMatching(/account-names\.json\.corrupt-/), reason: 'not JSON' },
    ]);
    expect(fs.readFileSync(setAside[0]!.movedTo, 'utf8')).toBe('not json');
    expect(nameList('darwin')!.read()).toEqual(['production']);
    // Elsewhere reading the names needs no secret: the keychain is the list.
    expect(nameList('linux')).toBeUndefined();
    expect(nameList('win32')).toBeUndefined();
  });
});

describe('macOS: a call that may be showing a prompt', () => {
  /** keytar answers after `ms` (the user answering the keychain's prompt). */
  const slowKeytar = (ms: number): KeytarModule => {
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value));
    return {
      getPassword: async () => later('private_prod='),
      setPassword: async () => later(undefined),
      deletePassword: async () => later(true),
      findCredentials: async () => later([]),
    };
  };
  const options = { service: 'svc', timeoutMs: 20, lockedKeyProbe: async () => false };

  it('waits for the answer there, where a keyring that is not asking anyone times out', async () => {
    const mac = new KeytarKeychain({ ...options, keytar: slowKeytar(80), platform: 'darwin' });
    await expect(mac.getPrivateKey('production')).resolves.toBe('private_prod=');
    const linux = new KeytarKeychain({ ...options, keytar: slowKeytar(80), platform: 'linux' });
    await expect(linux.getPrivateKey('production')).rejects.toThrow(/did not answer within 20 ms/);
  });

  it('past its own bound, says a prompt may be waiting, not that the keychain did not answer', async () => {
    const keychain = new KeytarKeychain({
      ...options,
      keytar: { ...slowKeytar(0), getPassword: () => new Promise<never>(() => {}) },
      platform: 'darwin',
      promptTimeoutMs: 40,
    });
    const error = await keychain.getPrivateKey('production').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toMatch(/may be asking.*Answer it/);
    expect((error as Error).message).not.toMatch(/did not answer/);
  });
});
