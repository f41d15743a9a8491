// The Keychain port in memory, for tests of what sits above it (the real keytar adapter has
// its own integration tests against a real Secret Service).
import type { Keychain } from '../../src/core/keychain';
import { KeychainError, validatePrivateKey } from '../../src/core/keychain';

export class MemoryKeychain implements Keychain {
  key: string | undefined;
  /** When set, every call fails with it (a locked or missing keychain). */
  failure: KeychainError | undefined;

  constructor(key?: string) {
    this.key = key;
  }

  async getPrivateKey(): Promise<string | undefined> {
    if (this.failure) throw this.failure;
    return this.key;
  }

  async setPrivateKey(key: string): Promise<void> {
    const problem = validatePrivateKey(key);
    if (problem) throw new KeychainError('invalid', problem);
    if (this.failure) throw this.failure;
    this.key = key.trim();
  }

  async deletePrivateKey(): Promise<boolean> {
    if (this.failure) throw this.failure;
    const had = this.key !== undefined;
    this.key = undefined;
    return had;
  }

  describe(): string {
    return 'the test keyring';
  }
}
