// The private key never leaves the keychain. Every flow runs with KNOWN canary keys, and then
// everything a user, a log collector or a compromised window could see is searched for them:
//
// - the app: the whole main process (src/main/index.ts) on the recording electron mock, with
//   real HTTP to the fake ImageKit, store and log files in a temporary profile, and the real keytar
//   adapter over an in-memory keytar (the one place the key may be). The key is set through
//   the setPrivateKey channel from the app's window; IDs are tracked, URLs purged, purges
//   complete and are not found (notifications), a wrong key and the right key are refused with
//   403 (the canary is really sent), a public key and a mistyped key are refused, the key is
//   pasted where IDs go and sits in the clipboard, and it is deleted. Searched: the store files,
//   the log file, everything written to the console, stdout and stderr, every push to the
//   window, every invoke result and refusal, notification titles and bodies, tray labels and
//   tooltips, error dialogs, links opened and the clipboard the app wrote.
// - the built CLI (test/support/cli-process.ts) with IMAGEKIT_PRIVATE_KEY set to the canary,
//   against a fake that refuses it (403) and one that accepts it, and `key status` / `key set`.
//   Searched: stdout and stderr.
//
// Searched for: each key as is, URL-encoded, base64 (alone and as the Authorization header's
// `key:`), its distinctive tail, and the tag LEAKCANARY in any case (any fragment of a key).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI } from '../support/cli-process';
import { skipOrFail } from '../support/ci';
import { probeSecretServiceApart, secretServiceHowToRun } from '../support/secret-service';
import { loopbackFetch } from '../support/loopback';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import type { InvokeChannelName, Snapshot } from '../../src/shared/ipc';
import { InvokeChannel } from '../../src/shared/ipc';

type Mock = typeof import('../mocks/electron').mock;

const TAG = 'LEAKCANARY';
const TAIL = '7f3c9a1e5bd2';
/** The key ImageKit accepts (in the fake that plays the user's account). */
const CANARY = `private_${TAG}_${TAIL}+k/Q=`;
/** A key ImageKit refuses with 403. */
const WRONG_CANARY = `private_${TAG}_wrong_${TAIL}/Zz+=`;
/** A second account's key (staging's). */
const STAGING_CANARY = `private_${TAG}_staging_${TAIL}+s/T=`;

const needles = [CANARY, WRONG_CANARY, STAGING_CANARY].flatMap((key) => [
  key,
  encodeURIComponent(key),
  Buffer.from(key).toString('base64'),
  Buffer.from(`${key}:`).toString('base64'),
]);

/** Where each needle was found, as "where: needle"; empty when the key is nowhere. */
function leaks(exposures: ReadonlyArray<{ where: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { where, text } of exposures) {
    const lower = text.toLowerCase();
    if (lower.includes(TAG.toLowerCase())) found.push(`${where}: ${TAG}`);
    if (text.includes(TAIL)) found.push(`${where}: ${TAIL}`);
    for (const needle of needles) if (text.includes(needle)) found.push(`${where}: ${needle}`);
  }
  return [...new Set(found)];
}

function show(value: unknown): string {
  return typeof value === 'string'
    ? value
    : inspect(value, { depth: 20, showHidden: true, maxStringLength: Infinity });
}

/** The OS keychain, in memory: keytar's three calls, the one store the key is allowed in. */
const keyring = vi.hoisted(() => new Map<string, string>());
vi.mock('keytar', () => {
  const keytar = {
    getPassword: async (service: string, account: string) =>
      keyring.get(`${service}/${account}`) ?? null,
    setPassword: async (service: string, account: string, password: string) => {
      keyring.set(`${service}/${account}`, password);
    },
    deletePassword: async (service: string, account: string) =>
      keyring.delete(`${service}/${account}`),
    findCredentials: async (service: string) =>
      [...keyring]
        .filter(([entry]) => entry.startsWith(`${service}/`))
        .map(([entry, password]) => ({ account: entry.slice(service.length + 1), password })),
  };
  return { default: keytar, ...keytar };
});

vi.mock('electron-store', () => import('../support/electron-store-stand-in'));

const saved = { argv: [...process.argv], env: { ...process.env } };
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  process.argv = [...saved.argv];
  process.env = { ...saved.env };
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Records everything written to the console, stdout and stderr from now on. */
function captureOutput(): Array<{ where: string; text: string }> {
  const written: Array<{ where: string; text: string }> = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      written.push({ where: `console.${level}`, text: args.map(show).join(' ') });
    });
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const original = process[stream].write.bind(process[stream]);
    vi.spyOn(process[stream], 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      written.push({ where: `process.${stream}`, text: String(chunk) });
      return original(chunk as string, ...rest);
    }) as typeof process.stdout.write);
  }
  return written;
}

function filesUnder(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * The whole main process on the recording electron mock, on a fresh profile, talking to `fake`;
 * no key anywhere at first. Everything it shows or writes is recorded for `exposures`.
 */
async function startApp(fake: FakeImageKit) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-leak-'));
  cleanups.push(() => fs.rmSync(profile, { recursive: true, force: true }));
  keyring.clear();
  delete process.env.IMAGEKIT_PRIVATE_KEY;
  process.env.PURGE_WATCH_USER_DATA = profile;
  process.env.IMAGE_KIT_BASE_URL = fake.baseUrl;
  process.env.PURGE_WATCH_KEYCHAIN_SERVICE = 'purge-watch-leak-test';
  process.argv = ['/opt/purge-watch/purge-watch'];
  const written = captureOutput();
  const seen: Array<{ where: string; text: string }> = [];

  vi.resetModules();
  const { mock } = (await import('../mocks/electron')) as { mock: Mock };
  mock.fetchAnswer = (url, init) => loopbackFetch(url, init);
  await import('../../src/main/index');
  mock.app.becomeReady();
  await until(() => mock.trays.length === 1, 'the tray');
  // First run (no key, nothing tracked): the window opens at the key settings.
  await until(() => mock.windows.length === 1, 'the window');
  const contents = mock.windows[0]!.webContents;
  contents.emit('did-finish-load');
  const fromWindow = { sender: contents, senderFrame: { url: contents.url, parent: null } };

  // The store files as they are now: read at every call, so a key written and later
  // overwritten is caught too.
  const storeContents = new Map<string, string>();
  const readStoreFiles = () => {
    for (const file of filesUnder(profile)) {
      const text = fs.readFileSync(file, 'utf8');
      storeContents.set(`${file}\0${text}`, text);
    }
  };
  async function invoke(name: InvokeChannelName, payload?: unknown): Promise<unknown> {
    readStoreFiles();
    const args = payload === undefined ? [] : [structuredClone(payload)];
    try {
      const result = await mock.ipcMain.invoke(fromWindow, InvokeChannel[name], ...args);
      seen.push({ where: `result of ${name}`, text: show(result) });
      return result;
    } catch (error) {
      // Electron logs a failed handler's error in the main process and hands the renderer
      // its message: both are exposures.
      seen.push({ where: `refusal of ${name}`, text: show(error) });
      throw error;
    }
  }
  const snapshot = async () => (await invoke('getSnapshot')) as Snapshot;
  const stateOf = async (requestId: string) =>
    (await snapshot()).purges.find((p) => p.requestId === requestId)?.state;

  /** Quit (everything waiting is written), then everything anyone could have seen. */
  const exposures = () => {
    mock.app.emit('before-quit');
    readStoreFiles();
    const files = filesUnder(profile);
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['purges.json', 'settings.json', 'purge-watch.log']),
    );
    // The log file (in the profile's log folder) holds what happened, the refusals whose
    // answers echoed the key included: searched with the store files below.
    const logText = fs.readFileSync(path.join(profile, 'logs', 'purge-watch.log'), 'utf8');
    expect(logText).toMatch(/the private key is refused/);
    expect(logText).toMatch(/ not_found: /);
    expect(storeContents.size).toBeGreaterThan(files.length);
    expect(written.length + seen.length).toBeGreaterThan(0);
    return [
      ...seen,
      ...written,
      ...[...storeContents.keys()].map((entry) => ({
        where: entry.split('\0')[0]!,
        text: storeContents.get(entry)!,
      })),
      ...mock.windows.flatMap((w) =>
        w.webContents.sent.map((s) => ({ where: `push ${s.channel}`, text: show(s.args) })),
      ),
      ...mock.notifications.map((n) => ({
        where: 'notification',
        text: `${n.title}\n${n.body}\n${show(n.options)}`,
      })),
      ...mock.trays.map((t) => ({ where: 'tray', text: `${t.toolTip}\n${t.title}` })),
      ...mock.menusBuilt.map((m) => ({ where: 'menu', text: show(m.template) })),
      ...mock.errorBoxes.map((b) => ({ where: 'error box', text: `${b.title}\n${b.content}` })),
      { where: 'links opened', text: mock.openedExternally.join('\n') },
      // What the app wrote to the clipboard.
      { where: 'clipboard', text: mock.clipboardText },
    ];
  };
  return { mock, contents, invoke, snapshot, stateOf, exposures };
}

const old = () => objectIdAt(Date.now() - 10 * 60_000);

describe('the private key in the app', () => {
  it('appears in no store file, log, push, answer, notification or tray text', async () => {
    const fake = await startFakeImageKit({ privateKey: CANARY, completeAfterMs: 0 });
    cleanups.push(() => fake.close());
    const { mock, contents, invoke, snapshot, stateOf, exposures } = await startApp(fake);
    // Set by mistake: the public key, and a private key with a line break in it.
    await expect(invoke('setPrivateKey', { key: 'public_Zx9yPublicKey=' })).rejects.toThrow(
      /public API key/,
    );
    await expect(invoke('setPrivateKey', { key: `${CANARY}\n${CANARY}` })).rejects.toThrow(
      /single line/,
    );
    expect(keyring.size).toBe(0);

    // A wrong key: sent, refused with 403, the user is told to fix it.
    await invoke('setPrivateKey', { key: WRONG_CANARY });
    const refusedId = fake.addPurge(old(), { completeAfterMs: 0 });
    await invoke('addFromText', { text: refusedId });
    await until(async () => (await snapshot()).status.authProblems !== undefined, '403');
    expect(fake.requests.some((r) => r.auth === 'wrong' && r.responseStatus === 403)).toBe(true);

    // The right key: the refused purge completes (a notification).
    await invoke('setPrivateKey', { key: ` ${CANARY}\n` });
    expect([...keyring.values()]).toEqual([CANARY]);
    await until(async () => (await stateOf(refusedId)) === 'completed', 'completion');

    // Track IDs (the key pasted along by mistake), purge URLs, a purge not found.
    const tracked = fake.addPurge(old(), { completeAfterMs: 0 });
    const missing = old();
    const added = await invoke('addFromText', { text: `${tracked}\n${CANARY}\n${missing}` });
    expect(JSON.stringify(added)).toContain('private_…');
    const purged = (await invoke('purgeUrls', {
      text: `https://ik.imagekit.io/demo/hero.jpg\n${CANARY}`,
    })) as { results: Array<{ requestId?: string }> };
    const purgedId = purged.results[0]!.requestId!;
    await invoke('checkNow', {});
    await until(async () => (await stateOf(tracked)) === 'completed', 'the tracked purge');
    await until(async () => (await stateOf(missing)) === 'not_found', 'the missing purge');
    await until(async () => {
      await invoke('checkNow', { requestIds: [purgedId] });
      return (await stateOf(purgedId)) === 'completed';
    }, 'the purged URL');
    const titles = () => mock.notifications.map((n) => n.title).join('\n');
    await until(() => /purges? completed/i.test(titles()), 'a completion notification');
    await until(() => titles().includes('Purge not found'), 'a not-found notification');

    // The right key refused by ImageKit (403), after a 502: both answers echo the key back, as
    // a careless proxy or server might; the app must not pass that on.
    fake.inject('server_error', { status: 502, message: `Upstream refused key ${CANARY}.` });
    fake.inject('forbidden', { message: `The key ${CANARY} cannot be authenticated.` });
    const forbiddenId = fake.addPurge(old(), { completeAfterMs: 0 });
    await invoke('addFromText', { text: forbiddenId });
    await until(async () => {
      await invoke('checkNow', { requestIds: [forbiddenId] });
      return (await snapshot()).status.authProblems !== undefined;
    }, 'the 403');
    expect(fake.requests.some((r) => r.fault === 'forbidden' && r.auth === 'valid')).toBe(true);
    await invoke('setPrivateKey', { key: CANARY });
    await until(async () => (await stateOf(forbiddenId)) === 'completed', 'after the 403');

    // The key in the clipboard: the tray menu reads it on every refresh; and a tray action
    // that finds the key in the clipboard instead of what the menu offered fails with a
    // notification ("That did not work").
    const tray = mock.trays[0]!;
    type Item = { label?: string; enabled?: boolean; click?: () => void };
    const menuItems = () => (tray.contextMenu?.template ?? []) as Item[];
    // The pointer on the icon re-reads the clipboard; Linux reports none (no 'mouse-enter'), and
    // the tray re-reads it every 2 s there instead.
    const pointAtTray = () => {
      if (process.platform !== 'linux') tray.emit('mouse-enter');
    };
    mock.clipboardText = CANARY;
    pointAtTray();
    await until(
      () => menuItems().some((i) => i.label?.startsWith('Track request ID from clipboard —')),
      'the clipboard item',
    );
    const failedActions = () => mock.notifications.filter((n) => n.title === 'That did not work');
    const clickAfterClipboardChanged = async (offered: string, label: RegExp) => {
      mock.clipboardText = offered;
      pointAtTray();
      let item: Item | undefined;
      await until(() => {
        item = menuItems().find((i) => label.test(i.label ?? '') && i.enabled);
        return item !== undefined;
      }, `${label}`);
      const failed = failedActions().length;
      mock.clipboardText = `${CANARY}\n`;
      item!.click!();
      await until(() => failedActions().length > failed, `${label} failing`);
    };
    await clickAfterClipboardChanged(old(), /^Track request ID from clipboard$/);
    await clickAfterClipboardChanged('https://ik.imagekit.io/demo/a.jpg', /^Purge URL from/);
    const focusPushes = () => contents.sent.filter((s) => s.channel.endsWith('focus-section'));
    const focused = focusPushes().length;
    menuItems().find((i) => i.label?.startsWith('Private key'))!.click!();
    await until(() => focusPushes().length > focused, 'the key settings');

    // Every other channel once, then delete the key and poll without one.
    await invoke('copyText', { text: tracked });
    await invoke('openUrl', { url: 'https://ik.imagekit.io/demo/hero.jpg' });
    await invoke('setSettings', { notifications: true });
    await invoke('setPollingPaused', { paused: false });
    await invoke('resume', { requestId: tracked });
    await invoke('remove', { requestIds: [missing] });
    await invoke('clearCompleted');
    await invoke('deletePrivateKey');
    expect(keyring.size).toBe(0);
    const lastId = fake.addPurge(old(), { completeAfterMs: 0 });
    await invoke('addFromText', { text: lastId });
    await until(async () => (await snapshot()).status.authProblems !== undefined, 'no key');
    await snapshot();

    const seenByAnyone = exposures();
    expect(mock.notifications.length).toBeGreaterThan(0);
    expect(fake.requests.some((r) => r.authValid)).toBe(true);
    // copyText replaced the canary the test put in the clipboard.
    expect(mock.clipboardText).toBe(tracked);
    expect(leaks(seenByAnyone)).toEqual([]);
  }, 90_000);

  it("with two accounts, neither account's key appears anywhere, whatever is done with them", async () => {
    const fake = await startFakeImageKit({
      accounts: { production: CANARY, staging: STAGING_CANARY },
      completeAfterMs: 0,
    });
    cleanups.push(() => fake.close());
    const { mock, invoke, snapshot, stateOf, exposures } = await startApp(fake);

    // Both keys set from the window, each under its account; a key given as an account name
    // is refused.
    await invoke('setPrivateKey', { key: CANARY, account: 'production' });
    await invoke('setPrivateKey', { key: STAGING_CANARY, account: 'staging' });
    await expect(invoke('setPrivateKey', { key: CANARY, account: CANARY })).rejects.toThrow(
      /account name/,
    );
    expect(new Set(keyring.values())).toEqual(new Set([CANARY, STAGING_CANARY]));
    await until(async () => (await snapshot()).accounts.accounts.length === 2, 'two accounts');

    // An ID only staging knows (looked up, one "not found" on production), one tracked and a
    // URL purged with staging, and staging's key refused by ImageKit with the key in the message.
    const stagingOnly = fake.addPurge(old(), { account: 'staging', completeAfterMs: 0 });
    await invoke('addFromText', { text: stagingOnly });
    await until(async () => (await stateOf(stagingOnly)) === 'completed', 'the lookup');
    const purged = (await invoke('purgeUrls', {
      text: 'https://ik.imagekit.io/demo/staged.jpg',
      account: 'staging',
    })) as { results: Array<{ requestId?: string }> };
    expect(purged.results[0]!.requestId).toBeDefined();
    fake.refuseKey('staging', `The key ${STAGING_CANARY} cannot be authenticated.`);
    const held = fake.addPurge(old(), { account: 'staging', completeAfterMs: 0 });
    await invoke('addFromText', { text: held, account: 'staging' });
    await until(
      async () => (await snapshot()).status.authProblems?.[0]?.account === 'staging',
      "staging's refused key",
    );
    await until(
      () => mock.notifications.some((n) => n.title === 'staging: ImageKit refused the key'),
      'the notification naming staging',
    );
    fake.acceptKey('staging');

    // The window can only set, rename, remove and delete keys: every answer is searched.
    await invoke('renameAccount', { from: 'staging', to: 'client-a' });
    await invoke('setSettings', { defaultAccount: 'client-a' });
    await invoke('removeAccount', { account: 'client-a', moveTo: 'production' });
    await invoke('deletePrivateKey', { account: 'production' });
    expect(keyring.size).toBe(0);
    await snapshot();

    const seenByAnyone = exposures();
    expect(fake.requests.some((r) => r.account === 'staging' && r.authValid)).toBe(true);
    expect(leaks(seenByAnyone)).toEqual([]);
  }, 90_000);
});

interface Run {
  code: number | null;
  out: string;
}

/**
 * Why `key set` cannot reach a keyring here (its refusals of a key are then not run). Asked from
 * a process of its own: keytar is mocked in this one.
 */
const noKeyring = skipOrFail(
  "the key-leak check of `key set`'s refusals",
  await probeSecretServiceApart('purge-watch-leak-test'),
  secretServiceHowToRun(),
);

describe('the private key in the CLI', () => {
  let accepting: FakeImageKit;
  let refusing: FakeImageKit;
  beforeAll(async () => {
    accepting = await startFakeImageKit({ privateKey: CANARY, completeAfterMs: 200 });
    refusing = await startFakeImageKit({ completeAfterMs: 0 });
    return async () => {
      await accepting.close();
      await refusing.close();
    };
  });

  function cli(
    fake: FakeImageKit,
    args: string[],
    options: { env?: Record<string, string>; input?: string } = {},
  ): Promise<Run> {
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      // No session bus: `key set` can never reach a real keychain from this test.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/purge-watch-leak-test',
      IMAGE_KIT_BASE_URL: fake.baseUrl,
      IMAGEKIT_PRIVATE_KEY: CANARY,
      PURGE_WATCH_POLL_SCALE: '0.02',
      PURGE_WATCH_KEYCHAIN_SERVICE: 'purge-watch-leak-test',
      ...options.env,
    };
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += `stdout: ${chunk.toString()}`));
      child.stderr.on('data', (chunk: Buffer) => (out += `stderr: ${chunk.toString()}`));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
      child.stdin.end(options.input ?? '');
    });
  }

  it('prints it nowhere: refused (403), accepted, not found, and in `key` commands', async () => {
    const old = objectIdAt(Date.now() - 10 * 60_000);
    const runs: Array<[string, Run]> = [];
    const run = async (label: string, fake: FakeImageKit, args: string[], input?: string) => {
      const result = await cli(fake, args, input === undefined ? {} : { input });
      runs.push([label, result]);
      return result;
    };

    // The canary sent and refused.
    refusing.addPurge(old);
    expect((await run('status 403', refusing, ['status', old])).code).toBe(4);
    expect((await run('status 403 json', refusing, ['status', '--json', old])).code).toBe(4);
    expect((await run('wait 403', refusing, ['wait', old])).code).toBe(4);
    expect((await run('purge 403', refusing, ['purge', 'https://ik.imagekit.io/a.jpg'])).code).toBe(
      4,
    );
    expect(refusing.requests.length).toBeGreaterThan(0);
    expect(refusing.requests.every((r) => r.auth === 'wrong')).toBe(true);

    // The canary accepted.
    accepting.addPurge(old, { completeAfterMs: 0 });
    expect((await run('status ok', accepting, ['status', old])).code).toBe(0);
    expect(
      (await run('purge --wait', accepting, ['purge', '--wait', 'https://ik.imagekit.io/b.jpg']))
        .code,
    ).toBe(0);
    expect(
      (await run('purge json', accepting, ['purge', '--json', 'https://x.io/c.jpg'])).code,
    ).toBe(0);
    const unknown = objectIdAt(Date.now());
    expect((await run('not found', accepting, ['wait', '--json', unknown])).code).toBe(1);
    expect(accepting.requests.some((r) => r.authValid)).toBe(true);

    // The key commands, with the canary in the environment and piped to `key set`.
    const status = await run('key status', accepting, ['key', 'status']);
    expect(status.code).toBe(0);
    expect(status.out).toContain('IMAGEKIT_PRIVATE_KEY');
    await run('key status json', accepting, ['key', 'status', '--json']);
    expect((await run('key set', accepting, ['key', 'set'], `${CANARY}\n`)).code).toBe(5);
    // Refused before it is stored (a keyring to reach, or `key set` asks for no key at all; under
    // another service name, and nothing is stored).
    const keyring = { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '' };
    if (!noKeyring) {
      const typo = await cli(accepting, ['key', 'set'], {
        env: keyring,
        input: `${CANARY} ${CANARY}\n`,
      });
      runs.push(['key set typo', typo]);
      expect(typo.code).toBe(2);
      const publicKey = await cli(accepting, ['key', 'set'], {
        env: keyring,
        input: 'public_abc=\n',
      });
      runs.push(['key set public', publicKey]);
      expect(publicKey.code).toBe(2);
    }

    // The key pasted where something else belongs: every usage error, with the key nowhere
    // else to mask it from (not in the environment).
    const pasted = async (label: string, args: string[], env: Record<string, string> = {}) => {
      const result = await cli(accepting, args, { env: { IMAGEKIT_PRIVATE_KEY: '', ...env } });
      runs.push([label, result]);
      expect(result.code).toBe(2);
    };
    await pasted('unknown command', [CANARY]);
    await pasted('help topic', ['help', CANARY]);
    await pasted('key action', ['key', CANARY]);
    await pasted('unknown option', ['status', `--${CANARY}`]);
    await pasted('--timeout value', ['wait', old, '--timeout', CANARY]);
    await pasted('request ID', ['status', CANARY]);
    await pasted('URL', ['purge', CANARY]);
    await pasted('base URL', ['status', old], { IMAGE_KIT_BASE_URL: CANARY });
    await pasted('base URL host', ['status', old], {
      IMAGE_KIT_BASE_URL: `http://${CANARY.replace(/[+/=]/g, '')}.example.com`,
    });

    expect(leaks(runs.map(([label, r]) => ({ where: label, text: r.out })))).toEqual([]);
  }, 90_000);
});
