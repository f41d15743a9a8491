// The Keychain port in memory, for tests of what sits above it (the real keytar adapter has
// its own integration tests against a real Secret Service). One key per account name.
import type { Keychain } from '../../src/core/accounts/keychain';
import { KeychainError } from '../../src/core/accounts/keychain';
import { validatePrivateKey } from '../../src/core/imagekit/private-key';
import { DEFAULT_ACCOUNT } from '../../src/shared/account';

export class MemoryKeychain implements Keychain {
  readonly keys = new Map<string, string>();
  /** When set, every call fails with it (a locked or missing keychain). */
  failure: KeychainError | undefined;

  constructor(key?: string, others: Record<string, string> = {}) {
    if (key !== undefined) this.keys.set(DEFAULT_ACCOUNT, key);
    for (const [name, value] of Object.entries(others)) this.keys.set(name, value);
  }

  /** The default account's key. */
  get key(): string | undefined {
    return this.keys.get(DEFAULT_ACCOUNT);
  }

  set key(value: string | undefined) {
    if (value === undefined) this.keys.delete(DEFAULT_ACCOUNT);
    else this.keys.set(DEFAULT_ACCOUNT, value);
  }

  async getPrivateKey(account: string): Promise<string | undefined> {
    if (this.failure) throw this.failure;
    return this.keys.get(account);
  }

  async setPrivateKey(key: string, account: string): Promise<void> {
    const problem = validatePrivateKey(key);
    if (problem) throw new KeychainError('invalid', problem);
    if (this.failure) throw this.failure;
    this.keys.set(account, key.trim());
  }

  async deletePrivateKey(account: string): Promise<boolean> {
    if (this.failure) throw this.failure;
    return this.keys.delete(account);
  }

  async hasPrivateKey(account: string): Promise<boolean> {
    if (this.failure) throw this.failure;
    return this.keys.has(account);
  }

  async accountNames(): Promise<string[]> {
    if (this.failure) throw this.failure;
    return [...this.keys.keys()];
  }

  describe(): string {
    return 'the test keychain';
  }
}
