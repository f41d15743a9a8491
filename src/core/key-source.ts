// Where the private key in use comes from: IMAGEKIT_PRIVATE_KEY when set, else the keychain.
// The keychain is read once and cached, so polling never waits on it.
import type { KeyStatus } from '../shared/ipc';
import type { Keychain } from './keychain';
import { KeychainError } from './keychain';

export class PrivateKeySource {
  private cached: Promise<string | undefined> | undefined;
  private problem: string | undefined;

  constructor(
    private readonly keychain: Keychain,
    private readonly environmentKey: string | undefined = process.env.IMAGEKIT_PRIVATE_KEY,
  ) {}

  /**
   * The key to send. Throws a KeychainError (whose message says what to do) when the keychain
   * cannot be read; the next call tries again.
   */
  async get(): Promise<string | undefined> {
    if (this.environmentKey?.trim()) return this.environmentKey.trim();
    this.cached ??= this.keychain.getPrivateKey().then(
      (key) => {
        this.problem = undefined;
        return key;
      },
      (error: unknown) => {
        this.cached = undefined;
        this.problem = messageOf(error);
        throw error;
      },
    );
    return this.cached;
  }

  /**
   * Where the key comes from. Reads the keychain afresh, so a key deleted or replaced behind the
   * app's back (another tool, the CLI) shows, and is used, from now on.
   */
  async status(): Promise<KeyStatus> {
    const keychain = this.keychain.describe();
    if (this.environmentKey?.trim()) return { source: 'environment', keychain };
    this.cached = undefined;
    try {
      const key = await this.get();
      return { source: key ? 'keychain' : 'none', keychain };
    } catch {
      return { source: 'none', keychain, problem: this.problem };
    }
  }

  /** Store a new key (validated by the keychain adapter). Throws KeychainError. */
  async set(key: string): Promise<KeyStatus> {
    await this.keychain.setPrivateKey(key);
    this.cached = Promise.resolve(key.trim());
    this.problem = undefined;
    return this.status();
  }

  async delete(): Promise<KeyStatus> {
    await this.keychain.deletePrivateKey();
    this.cached = Promise.resolve(undefined);
    return this.status();
  }
}

function messageOf(error: unknown): string {
  return error instanceof KeychainError ? error.message : 'The keychain could not be read.';
}
