// Where the private API key lives: the OS keychain, through keytar.
// keytar is loaded on first use, so importing this module never fails when the native
// module, libsecret or D-Bus is missing; every call is bounded by a timeout, from its turn
// (./keytar-queue.ts: one call at a time), because keytar can wait forever on a locked
// keyring's unlock prompt. On macOS every call may be showing the user a prompt (an unsigned
// build is not on the items' access lists): there it waits as long as a person may take to
// answer, and the account names are kept where reading them needs no secret
// (core/accounts/account-name-file.ts), so listing the accounts reads no key.
import { execFile } from 'node:child_process';
import { DEFAULT_ACCOUNT } from '../../shared/account';
import type { AccountNameList } from './account-name-file';
import { oneAtATime } from './keytar-queue';
import { systemClock } from '../clock';
import { validatePrivateKey } from '../imagekit/private-key';

/** The port the rest of the app sees: one key per account name (the keychain's "account" field). */
export interface Keychain {
  /** The account's stored key, or undefined when none is stored. */
  getPrivateKey(account: string): Promise<string | undefined>;
  /** Validates, trims and stores the account's key, replacing any stored one. */
  setPrivateKey(key: string, account: string): Promise<void>;
  /** True when the account's key was stored and is now gone, false when there was none. */
  deletePrivateKey(account: string): Promise<boolean>;
  /**
   * The names of the accounts with a key stored (never the keys), after moving the key of a
   * version before accounts to DEFAULT_ACCOUNT.
   */
  accountNames(): Promise<string[]>;
  /** Whether the account has a key stored; reads no key where the names are kept apart. */
  hasPrivateKey(account: string): Promise<boolean>;
  /** The keychain's name as users know it, e.g. "the macOS Keychain". */
  describe(): string;
  /**
   * False when keychain support is not installed here (the CLI package installed without its
   * optional keytar): no key is stored there, so none can be missing from it.
   */
  installed?(): Promise<boolean>;
}

/**
 * 'invalid': the key given to `setPrivateKey` was refused before the keychain was asked.
 * 'not_installed': keychain support (keytar) is not installed (the CLI package without it).
 */
type KeychainErrorKind =
  'unavailable' | 'not_installed' | 'locked' | 'timeout' | 'failed' | 'invalid';

/** A keychain failure with a message that tells the user what to do. Never contains the key. */
export class KeychainError extends Error {
  override readonly name = 'KeychainError';
  readonly kind: KeychainErrorKind;
  /** keytar's own words, for logs (the key, if it ever appeared, is masked). */
  readonly detail: string | undefined;

  constructor(kind: KeychainErrorKind, message: string, detail?: string) {
    super(message);
    this.kind = kind;
    this.detail = detail;
  }
}

/** The part of keytar this adapter uses; injectable so a test can make it hang. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

const KEYCHAIN_SERVICE = 'purge-watch';
/** Where versions before accounts kept their one key: it moves to DEFAULT_ACCOUNT. */
export const LEGACY_KEYCHAIN_ACCOUNT = 'private-key';
const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;
/** macOS: how long a call may wait for the user to answer the keychain's prompt. */
const DEFAULT_PROMPT_TIMEOUT_MS = 120_000;

interface KeytarKeychainOptions {
  /** Defaults to `KEYCHAIN_SERVICE`; tests pass their own so a real key is never touched. */
  service?: string;
  /** Per call. Defaults to `DEFAULT_KEYCHAIN_TIMEOUT_MS`. */
  timeoutMs?: number;
  /** Per call on macOS, where any call may be a prompt. Defaults to `DEFAULT_PROMPT_TIMEOUT_MS`. */
  promptTimeoutMs?: number;
  /**
   * Where the account names are kept without a secret (`accountNameListFor`: macOS). With one,
   * the keychain is listed only while there is no list yet; stores and deletes keep it.
   */
  nameList?: AccountNameList;
  /** Defaults to the real keytar, loaded on first use. */
  keytar?: KeytarModule;
  /** Chooses the keychain's name and advice. Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  /**
   * Asked when keytar finds no key: is there one, in a locked keyring? (keytar cannot tell: a
   * locked Secret Service collection reads as empty.) Defaults to asking the Secret Service on
   * Linux, and to "no" elsewhere (the macOS Keychain says it is locked by itself).
   */
  lockedKeyProbe?: (service: string, account: string) => Promise<boolean>;
}

/** What the user was doing, in the words of an error message. */
type KeychainOperation = 'read' | 'store' | 'delete';

export class KeytarKeychain implements Keychain {
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly promptTimeoutMs: number;
  private readonly nameList: AccountNameList | undefined;
  /**
   * What the name list should say of an account (a key stored or deleted here) but could not be
   * written yet (a full disk, another process's lock held too long): read as listed so, and
   * written with the next change or listing.
   */
  private readonly unwritten = new Map<string, boolean>();
  private readonly platform: NodeJS.Platform;
  private readonly lockedKeyProbe: (service: string, account: string) => Promise<boolean>;
  private keytar: Promise<KeytarModule> | undefined;

  constructor(options: KeytarKeychainOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.promptTimeoutMs = options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
    this.nameList = options.nameList;
    this.platform = options.platform ?? process.platform;
    this.lockedKeyProbe =
      options.lockedKeyProbe ??
      (this.platform === 'linux' ? secretServiceHoldsLockedKey : async () => false);
    if (options.keytar) this.keytar = Promise.resolve(options.keytar);
  }

  describe(): string {
    return describeKeychain(this.platform);
  }

  async installed(): Promise<boolean> {
    try {
      await this.load();
      return true;
    } catch (error) {
      return !(error instanceof KeychainError && error.kind === 'not_installed');
    }
  }

  async getPrivateKey(account: string): Promise<string | undefined> {
    const stored = await this.call('read', (keytar) => keytar.getPassword(this.service, account));
    if (stored !== null && stored !== '') {
      this.listed(account, true); // stored by another program, or a version without the list
      return stored;
    }
    if (account === DEFAULT_ACCOUNT) {
      const moved = await this.moveLegacyKey();
      if (moved !== undefined) return moved;
    }
    if (await this.lockedKeyProbe(this.service, account).catch(() => false)) {
      throw new KeychainError('locked', lockedMessage(this.platform));
    }
    this.listed(account, false); // deleted by another program
    return undefined;
  }

  /**
   * A name the list holds is answered from it. Any other is asked of the keychain, for that one
   * account: a key another program stored is found (and listed from then on), and where there
   * is no key, there is no secret to read and so no prompt.
   */
  async hasPrivateKey(account: string): Promise<boolean> {
    if (this.listedNames()?.includes(account)) return true;
    return (await this.getPrivateKey(account)) !== undefined;
  }

  async setPrivateKey(key: string, account: string): Promise<void> {
    const problem = validatePrivateKey(key);
    if (problem) throw new KeychainError('invalid', problem);
    const trimmed = key.trim();
    await this.call(
      'store',
      (keytar) => keytar.setPassword(this.service, account, trimmed),
      trimmed,
    );
    this.listed(account, true);
  }

  async deletePrivateKey(account: string): Promise<boolean> {
    const deleted = await this.call('delete', (keytar) =>
      keytar.deletePassword(this.service, account),
    );
    this.listed(account, false);
    return deleted;
  }

  /**
   * From the name list when there is one; else from the keychain (which reads every key), and the
   * list starts with what it found, unless another process started one meanwhile: that one has
   * kept every change since, so it stays.
   */
  async accountNames(): Promise<string[]> {
    this.writeListed();
    const listed = this.listedNames();
    if (listed) return listed;
    const found = await this.call('read', (keytar) => keytar.findCredentials(this.service));
    const names = new Set(found.filter((entry) => entry.password !== '').map((e) => e.account));
    if (names.delete(LEGACY_KEYCHAIN_ACCOUNT) && !names.has(DEFAULT_ACCOUNT)) {
      if ((await this.moveLegacyKey()) !== undefined) names.add(DEFAULT_ACCOUNT);
    }
    return this.changeList((current) => current ?? [...names]) ?? [...names];
  }

  /** The name list says whether `account` has a key (when there is a list to keep). */
  private listed(account: string, present: boolean): void {
    if (!this.nameList) return;
    this.unwritten.set(account, present);
    this.writeListed();
  }

  /** The list's names as this process knows them (with `unwritten`); undefined: no list. */
  private listedNames(): string[] | undefined {
    const names = this.nameList?.read();
    return names && withListed(names, this.unwritten);
  }

  /** Writes the list's changes not written yet; kept when they cannot be (see `unwritten`). */
  private writeListed(): void {
    if (!this.nameList || this.unwritten.size === 0) return;
    const changes = new Map(this.unwritten);
    try {
      // No list: nothing to keep (a list starts from a listing of the keychain, which holds them).
      this.nameList.update((names) => names && withListed(names, changes));
    } catch {
      return;
    }
    for (const [account, present] of changes) {
      if (this.unwritten.get(account) === present) this.unwritten.delete(account);
    }
  }

  /**
   * Changes the name list as it is now (another process may have changed it since it was read).
   * A change that fails changes nothing else: the keychain holds the keys, and a list found
   * wrong is corrected as the keys are read. Returns the names listed after, if known.
   */
  private changeList(
    change: (names: string[] | undefined) => string[] | undefined,
  ): string[] | undefined {
    try {
      return this.nameList?.update(change);
    } catch {
      return undefined; // the list stays as it was (see above)
    }
  }

  /**
   * The one key of a version before accounts becomes DEFAULT_ACCOUNT's (when that has none; the
   * old entry then goes). Whichever is asked first, reading the default key or listing the
   * accounts, moves it. Resolves to the default account's key after the move, if it has one.
   */
  private async moveLegacyKey(): Promise<string | undefined> {
    const legacy = await this.call('read', (keytar) =>
      keytar.getPassword(this.service, LEGACY_KEYCHAIN_ACCOUNT),
    );
    if (legacy === null || legacy === '') {
      // None, or moved meanwhile by another call (the app reads the default key and lists the
      // accounts at once at start): the default account's key, if it has one now.
      const current = await this.call('read', (keytar) =>
        keytar.getPassword(this.service, DEFAULT_ACCOUNT),
      );
      return current || undefined;
    }
    await this.call(
      'store',
      (keytar) => keytar.setPassword(this.service, DEFAULT_ACCOUNT, legacy),
      legacy,
    );
    await this.call('delete', (keytar) =>
      keytar.deletePassword(this.service, LEGACY_KEYCHAIN_ACCOUNT),
    );
    this.listed(DEFAULT_ACCOUNT, true);
    return legacy;
  }

  private async call<T>(
    operation: KeychainOperation,
    run: (keytar: KeytarModule) => Promise<T>,
    secret?: string,
  ): Promise<T> {
    const keytar = await this.load();
    // macOS may be asking the user (any call, for an unsigned build): a person's answer takes
    // longer than a keyring's, and the error must not say the keychain "did not answer".
    const prompts = this.platform === 'darwin';
    const waitMs = prompts ? this.promptTimeoutMs : this.timeoutMs;
    const message = prompts ? promptTimeoutMessage(waitMs) : timeoutMessage(this.platform, waitMs);
    try {
      return await oneAtATime(keytar, () => run(keytar), {
        // Real time: it bounds a real call into the keychain.
        clock: systemClock,
        waitMs,
        timedOut: (ran) => new KeychainError('timeout', message, ran ? undefined : NOT_RUN),
      });
    } catch (cause) {
      if (cause instanceof KeychainError) throw cause;
      throw keychainErrorFrom(cause, operation, this.platform, secret);
    }
  }

  private load(): Promise<KeytarModule> {
    this.keytar ??= loadKeytar(this.platform);
    return this.keytar;
  }
}

/** A timed-out call's detail, for logs, when it never reached the keychain. */
const NOT_RUN = 'not run: an earlier call into the keychain has not answered';

/** The keychain's name as users of this platform know it. */
function describeKeychain(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'the Secret Service keychain (GNOME Keyring or KWallet)';
}

/**
 * Turns what keytar threw into an actionable `KeychainError`. `secret` (the key being stored)
 * is masked should keytar ever echo it.
 */
export function keychainErrorFrom(
  cause: unknown,
  operation: KeychainOperation,
  platform: NodeJS.Platform,
  secret?: string,
): KeychainError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const detail = secret ? raw.split(secret).join('[private key]') : raw;
  const text = detail.toLowerCase();

  if (
    text.includes('cannot autolaunch d-bus') ||
    text.includes('could not connect') ||
    // DBUS_SESSION_BUS_ADDRESS set but empty (a service or CI environment without a session).
    text.includes('address is empty')
  ) {
    return new KeychainError(
      'unavailable',
      `No D-Bus session is running, so the keyring cannot be reached: start Purge Watch from your desktop session (or run it under dbus-run-session with gnome-keyring).`,
      detail,
    );
  }
  if (platform !== 'darwin' && platform !== 'win32' && text.includes('address')) {
    // DBUS_SESSION_BUS_ADDRESS that names no bus at all (`disabled:`, a typo, a value copied
    // from another machine): GLib refuses to parse it. Trying again cannot help.
    return new KeychainError(
      'unavailable',
      `DBUS_SESSION_BUS_ADDRESS does not name a D-Bus session (${detail}), so the keyring cannot be reached: start Purge Watch from your desktop session (or run it under dbus-run-session with gnome-keyring).`,
      detail,
    );
  }
  if (text.includes('org.freedesktop.secrets') || text.includes('serviceunknown')) {
    return new KeychainError('unavailable', unavailableMessage(platform), detail);
  }
  if (text.includes('locked') || text.includes('user interaction is not allowed')) {
    return new KeychainError('locked', lockedMessage(platform), detail);
  }
  if (
    (text.includes('object does not exist at path') && text.includes('/collection/')) ||
    text.includes('no such secret collection')
  ) {
    // No default ("login") keyring yet, and creating one needs a prompt that could not be shown.
    return new KeychainError(
      'locked',
      `The keyring has no default collection to store the key in: open your keyring app (Passwords and Keys, or KWalletManager), create or unlock the "Login" keyring, then try again.`,
      detail,
    );
  }
  if (text.includes('cancel') || text.includes('dismissed')) {
    return new KeychainError(
      'locked',
      `The keychain's unlock request was dismissed: try again and unlock ${describeKeychain(platform)} when asked.`,
      detail,
    );
  }
  return new KeychainError(
    'failed',
    `${capitalize(describeKeychain(platform))} could not ${operation} the private key (${detail}). Try again.`,
    detail,
  );
}

const LOCKED_PROBE_TIMEOUT_MS = 2_000;

/**
 * Does the Secret Service hold this key in a locked collection? Its SearchItems answers two
 * lists, unlocked and locked items; an item in the second means the key is there but locked.
 * Any failure (no dbus-send, no bus, no answer in time) means "cannot tell": no.
 */
function secretServiceHoldsLockedKey(service: string, account: string): Promise<boolean> {
  // dbus-send's dict syntax separates with commas: such names cannot be asked about.
  if (service.includes(',') || account.includes(',')) return Promise.resolve(false);
  const args = [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.SearchItems',
    `dict:string:string:service,${service},account,${account}`,
  ];
  return new Promise((resolve) => {
    execFile('dbus-send', args, { timeout: LOCKED_PROBE_TIMEOUT_MS }, (error, stdout) => {
      if (error) return resolve(false);
      // Two arrays: unlocked items, then locked items.
      const lists = stdout.split(/\barray \[/).slice(1);
      resolve(lists.length === 2 && /object path/.test(lists[1] ?? ''));
    });
  });
}

async function loadKeytar(platform: NodeJS.Platform): Promise<KeytarModule> {
  try {
    const loaded = (await import('keytar')) as unknown as KeytarModule & { default?: KeytarModule };
    return loaded.default ?? loaded;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    // The CLI package lists keytar as optional: `npm install --omit=optional` leaves it out.
    if (isMissingKeytar(cause)) throw new KeychainError('not_installed', KEYTAR_MISSING, detail);
    const need = platform === 'linux' ? ' (it needs libsecret: install libsecret-1-0)' : '';
    throw new KeychainError(
      'unavailable',
      `The keychain module (keytar) could not be loaded${need}: reinstall Purge Watch.`,
      detail,
    );
  }
}

export const KEYTAR_MISSING = 'Keychain support is not installed: install keytar to use it.';

function isMissingKeytar(cause: unknown): boolean {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    /['"]keytar['"]/.test(message)
  );
}

function unavailableMessage(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return `The macOS Keychain cannot be reached: log in to your Mac session.`;
  if (platform === 'win32') {
    return `Windows Credential Manager cannot be reached: make sure the Credential Manager service is running.`;
  }
  return `No keychain service is running: install and start gnome-keyring (or KWallet).`;
}

function lockedMessage(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return `The macOS Keychain is locked: unlock it in Keychain Access, then try again.`;
  return `${capitalize(describeKeychain(platform))} is locked: unlock it (log in to your desktop, or open Passwords and Keys / KWalletManager), then try again.`;
}

function timeoutMessage(platform: NodeJS.Platform, timeoutMs: number): string {
  return `${capitalize(describeKeychain(platform))} did not answer within ${duration(timeoutMs)}; it may be waiting for you to unlock it in a dialog. Unlock it and try again.`;
}

function promptTimeoutMessage(timeoutMs: number): string {
  return `No answer from the macOS Keychain within ${duration(timeoutMs)}: it may be asking, in a window of its own, whether Purge Watch may use its key. Answer it (Always Allow stops the question), then try again.`;
}

function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  return ms < 120_000 ? `${Math.round(ms / 1_000)} s` : `${Math.round(ms / 60_000)} minutes`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `names` with each account of `changes` listed (true) or not (false). */
function withListed(names: readonly string[], changes: ReadonlyMap<string, boolean>): string[] {
  const listed = names.filter((name) => changes.get(name) !== false);
  for (const [account, present] of changes) {
    if (present && !listed.includes(account)) listed.push(account);
  }
  return listed;
}
