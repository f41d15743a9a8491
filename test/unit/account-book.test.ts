// The accounts the app polls with: read from the keychain and the environment, ordered with
// the default first, and changed together with the tracker's purges.
import { describe, expect, it } from 'vitest';
import { AccountBook } from '../../src/core/accounts/account-book';
import { PrivateKeySource } from '../../src/core/accounts/key-source';
import { KeychainError } from '../../src/core/accounts/keychain';
import { Tracker } from '../../src/core/tracking/tracker';
import { MemoryKeychain } from '../support/memory-keychain';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

const KEY = 'private_productionKey1=';
const OTHER = 'private_stagingKey2=';

function setup(options: { environmentKey?: string; preferred?: string } = {}) {
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock);
  const keychain = new MemoryKeychain(undefined, { production: KEY, staging: OTHER });
  const keys = new PrivateKeySource(keychain, options.environmentKey);
  const tracker = new Tracker({ accounts: [], clock });
  const asked: string[] = [];
  let preferred = options.preferred ?? '';
  const book = new AccountBook({
    keys,
    tracker,
    clientFor: (account) => {
      asked.push(account);
      return api;
    },
    preferred: () => preferred,
  });
  tracker.start();
  return {
    clock,
    api,
    keychain,
    keys,
    tracker,
    book,
    asked,
    prefer: (name: string) => (preferred = name),
  };
}

describe('AccountBook', () => {
  it('lists the keychain accounts by name, the environment one first, never a key', async () => {
    const { book, tracker } = setup({ environmentKey: 'private_fromEnv=' });
    const state = await book.refresh();
    expect(state.accounts).toEqual([
      { name: 'environment', source: 'environment', isDefault: true },
      { name: 'production', source: 'keychain', isDefault: false },
      { name: 'staging', source: 'keychain', isDefault: false },
    ]);
    expect(tracker.accounts).toEqual(['environment', 'production', 'staging']);
    expect(JSON.stringify(state)).not.toMatch(/private_/);
  });

  it('puts the account the user chose first, for lookups and purges', async () => {
    const { book, tracker, prefer } = setup();
    prefer('staging');
    await book.refresh();
    expect(tracker.defaultAccount).toBe('staging');
    expect(book.current.accounts.find((a) => a.isDefault)?.name).toBe('staging');
  });

  it('adds an account with its key, and refuses a name that cannot be one', async () => {
    const { book, keychain, tracker } = setup();
    await book.setKey('private_clientKey3=', 'client-a');
    expect(keychain.keys.get('client-a')).toBe('private_clientKey3=');
    expect(tracker.accounts).toContain('client-a');
    await expect(book.setKey('private_x=', 'two words')).rejects.toThrow(/letters, digits/);
    await expect(book.setKey('private_x=', 'environment')).rejects.toThrow(/IMAGEKIT_PRIVATE_KEY/);
  });

  it('renames an account: its key and its purges go with it', async () => {
    const { book, keychain, tracker, clock } = setup();
    await book.refresh();
    const id = requestIdAt(clock.now(), 1);
    await tracker.add(id, { account: 'staging' });
    await book.rename('staging', 'client-b');
    expect(keychain.keys.has('staging')).toBe(false);
    expect(keychain.keys.get('client-b')).toBe(OTHER);
    expect(tracker.get(id)?.account).toBe('client-b');
    await expect(book.rename('client-b', 'production')).rejects.toThrow(/already an account/);
  });

  it('refuses to rename onto a name another program stored a key under after the list was read', async () => {
    const { book, keychain, tracker } = setup();
    await book.refresh();
    keychain.keys.delete('staging'); // the window loaded without it…
    await book.refresh();
    keychain.keys.set('staging', OTHER); // …then `purge-watch key set --account staging`
    await expect(book.rename('production', 'staging')).rejects.toThrow(
      'There is already an account named "staging".',
    );
    expect([keychain.keys.get('production'), keychain.keys.get('staging')]).toEqual([KEY, OTHER]);
    expect(tracker.accounts).toContain('production');
  });

  it('keeps the old account when another program stores a key under the new name while it is renamed', async () => {
    const { book, keychain } = setup();
    await book.refresh();
    const theirs = 'private_theirsKey9=';
    const store = keychain.setPrivateKey.bind(keychain);
    // Our write lands, then theirs replaces it before the old entry is deleted.
    keychain.setPrivateKey = async (key, account) => {
      await store(key, account);
      if (account === 'client-b') keychain.keys.set('client-b', theirs);
    };
    await expect(book.rename('production', 'client-b')).rejects.toThrow(
      /Another program stored a key for "client-b"/,
    );
    expect([keychain.keys.get('production'), keychain.keys.get('client-b')]).toEqual([KEY, theirs]);
  });

  it('compares names without regard to case: no new account, no rename onto one in another case', async () => {
    const { book, keychain } = setup();
    await book.refresh();
    await expect(book.setKey('private_x=', 'Staging')).rejects.toThrow(
      'There is already an account named "staging": names that differ only in case name one account.',
    );
    await expect(book.rename('production', 'STAGING')).rejects.toThrow(/named "staging"/);
    expect([...keychain.keys.keys()].sort()).toEqual(['production', 'staging']);
    // Its own name in another case is a rename, the key kept.
    await book.rename('staging', 'Staging');
    expect([...keychain.keys.entries()].sort()).toEqual([
      ['Staging', OTHER],
      ['production', KEY],
    ]);
  });

  it('gives a new case back the old name when storing under it fails, the key kept', async () => {
    const { book, keychain } = setup();
    await book.refresh();
    const store = keychain.setPrivateKey.bind(keychain);
    keychain.setPrivateKey = async (key, account) => {
      if (account === 'Staging') throw new KeychainError('timeout', 'The keychain did not answer.');
      await store(key, account);
    };
    await expect(book.rename('staging', 'Staging')).rejects.toThrow(/did not answer/);
    expect(keychain.keys.get('staging')).toBe(OTHER);
  });

  it('reports names that differ only in case, and keeps both accounts with their keys', async () => {
    const { book, keychain } = setup();
    keychain.keys.set('Staging', 'private_upperKey4=');
    const state = await book.refresh();
    expect(state.accounts.map((a) => a.name)).toEqual(['production', 'staging', 'Staging']);
    expect(state.caseClashes).toEqual([['staging', 'Staging']]);
    expect(keychain.keys.get('Staging')).toBe('private_upperKey4=');
  });

  it('removes an account, moving its purges to another or no longer tracking them', async () => {
    const { book, keychain, tracker, clock } = setup();
    await book.refresh();
    const kept = requestIdAt(clock.now(), 2);
    const dropped = requestIdAt(clock.now(), 3);
    await tracker.add(kept, { account: 'staging' });
    await book.remove('staging', 'production');
    expect(tracker.get(kept)?.account).toBe('production');
    expect(keychain.keys.has('staging')).toBe(false);
    await tracker.add(dropped, { account: 'production' });
    await expect(book.remove('production', 'nowhere')).rejects.toThrow(
      /No account is named "nowhere"/,
    );
    expect(keychain.keys.has('production')).toBe(true);
    await book.remove('production');
    expect(tracker.list()).toEqual([]);
  });

  it('keeps the default account, keyless, when no key is set anywhere', async () => {
    const { book, keychain, tracker } = setup();
    keychain.keys.clear();
    const state = await book.refresh();
    expect(state.accounts).toEqual([]);
    expect(tracker.accounts).toEqual(['default']);
  });

  it('says why the keychain could not be listed, and keeps the environment account', async () => {
    const { book, keychain } = setup({ environmentKey: 'private_fromEnv=' });
    const { KeychainError } = await import('../../src/core/accounts/keychain');
    keychain.failure = new KeychainError('locked', 'The keyring is locked: unlock it.');
    const state = await book.refresh();
    expect(state.accounts.map((a) => a.name)).toEqual(['environment']);
    expect(state.problem).toBe('The keyring is locked: unlock it.');
  });
});
