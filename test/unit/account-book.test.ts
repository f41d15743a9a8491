// The accounts the app polls with: read from the keychain and the environment, ordered with
// the default first, and changed together with the tracker's purges.
import { describe, expect, it } from 'vitest';
import { AccountBook } from '../../src/core/account-book';
import { PrivateKeySource } from '../../src/core/key-source';
import { Tracker } from '../../src/core/tracker';
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
    const { KeychainError } = await import('../../src/core/keychain');
    keychain.failure = new KeychainError('locked', 'The keyring is locked: unlock it.');
    const state = await book.refresh();
    expect(state.accounts.map((a) => a.name)).toEqual(['environment']);
    expect(state.problem).toBe('The keyring is locked: unlock it.');
  });
});
