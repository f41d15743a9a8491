// The real-Electron tier's harness: the app as `npm start` runs it (`electron <folder>`: the test
// run's app folder, which the global setup builds, test/support/built-app.ts) on the Electron
// binary (`node node_modules/electron/install.js` downloads it), launched through Playwright's
// `_electron` in a profile, keychain service and fake ImageKit of its own. It reads the tray and
// the notifications through the app's automation probe (src/main/automation-probe.ts,
// PURGE_WATCH_AUTOMATION=1, unpackaged only), and starts second instances as the OS would: the
// binary again, with the same profile.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron } from 'playwright-core';
import { locateElectron } from '../../scripts/electron-binary';
import type { ShownNotification } from '../../src/main/automation-probe';
import type { TrayView } from '../../src/main/tray/tray-menu';
import type { FakeImageKit } from '../fake-imagekit/server';
import { appDir } from '../support/built-app';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Why this tier cannot run on this machine, in one line; undefined when it can. */
export function electronTierProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = locateElectron(path.join(REPO, 'node_modules', 'electron'), env);
  if (!binary.found) {
    return `no Electron binary (${path.relative(REPO, binary.expected)}): node node_modules/electron/install.js downloads it where Electron's releases are reachable, as .github/workflows/ci.yml does`;
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'no display: run it under xvfb-run, as .github/workflows/ci.yml does';
  }
  if (process.platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) {
    return 'no D-Bus session for the keychain: run it inside scripts/with-keyring.sh';
  }
  return undefined;
}

function electronBinary(): string {
  const binary = locateElectron(path.join(REPO, 'node_modules', 'electron'));
  if (!binary.found) throw new Error(`No Electron binary at ${binary.expected}.`);
  return binary.path;
}

/** One user's machine: a profile, a keychain service, the fake ImageKit. */
export class ElectronSession {
  readonly profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-electron-tier-'));
  readonly keychainService = `purge-watch-electron-tier-${process.pid}-${Date.now().toString(36)}`;

  constructor(readonly fake: FakeImageKit) {}

  get env(): Record<string, string> {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    delete env.IMAGEKIT_PRIVATE_KEY;
    delete env.ELECTRON_RUN_AS_NODE;
    return {
      ...env,
      PURGE_WATCH_USER_DATA: this.profile,
      PURGE_WATCH_KEYCHAIN_SERVICE: this.keychainService,
      IMAGE_KIT_BASE_URL: this.fake.baseUrl,
      PURGE_WATCH_AUTOMATION: '1',
    };
  }

  /** Starts the app (`electron <app folder>`) with these arguments. */
  async launch(args: string[] = []): Promise<RunningElectron> {
    const app = await _electron.launch({
      args: [appDir(), ...args],
      env: this.env,
      timeout: 90_000,
    });
    const running = new RunningElectron(app);
    await running.until(async () => (await running.tray()) !== undefined, 'the tray icon');
    return running;
  }

  /**
   * A second launch while the app runs, as a script or the OS starts one: the binary again,
   * same profile. It hands its arguments over and exits.
   */
  secondLaunch(args: string[]): Promise<number | null> {
    const sandbox = process.platform === 'linux' ? ['--no-sandbox'] : [];
    const child = spawn(electronBinary(), [...sandbox, appDir(), ...args], {
      env: this.env,
      stdio: 'ignore',
    });
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
  }

  remove(): void {
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

export class RunningElectron {
  /** What the main process wrote on stderr. */
  stderr = '';

  constructor(readonly app: ElectronApplication) {
    app.process().stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  tray(): Promise<TrayView | undefined> {
    return this.app.evaluate(() =>
      (
        globalThis as { __purgeWatchProbe?: { tray(): TrayView | undefined } }
      ).__purgeWatchProbe?.tray(),
    );
  }

  trayLabels(): Promise<string[]> {
    return this.tray().then((view) => labelsOf(view?.menu ?? []));
  }

  /**
   * Picks the tray item with this label, once it is there and enabled. Quit may end the process
   * before the answer comes back: an ended process counts as picked.
   */
  async pick(label: string): Promise<void> {
    const picked = () =>
      this.app
        .evaluate(
          (_electron, wanted) =>
            (
              globalThis as { __purgeWatchProbe?: { pick(label: string): boolean } }
            ).__purgeWatchProbe?.pick(wanted) === true,
          label,
        )
        .catch((error: unknown) => {
          if (this.app.process().exitCode !== null) return true;
          throw error;
        });
    await this.until(picked, `the tray item "${label}"`);
  }

  notifications(): Promise<ShownNotification[]> {
    return this.app.evaluate(
      () =>
        (
          globalThis as { __purgeWatchProbe?: { notifications(): ShownNotification[] } }
        ).__purgeWatchProbe?.notifications() ?? [],
    );
  }

  /** Errors nothing in the main process handled. */
  errors(): Promise<string[]> {
    return this.app.evaluate(
      () =>
        (
          globalThis as { __purgeWatchProbe?: { errors(): string[] } }
        ).__purgeWatchProbe?.errors() ?? [],
    );
  }

  notificationsSupported(): Promise<boolean> {
    return this.app.evaluate(({ Notification }) => Notification.isSupported());
  }

  /** The window, once it shows the app's first snapshot. */
  async window(): Promise<Page> {
    const page =
      this.app.windows()[0] ?? (await this.app.waitForEvent('window', { timeout: 60_000 }));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    return page;
  }

  /** Waits for the process to end (after a quit). */
  exited(): Promise<void> {
    const child = this.app.process();
    if (child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async until(
    condition: () => boolean | Promise<boolean>,
    what: string,
    ms = 60_000,
  ): Promise<void> {
    const end = Date.now() + ms;
    while (
      !(await Promise.resolve()
        .then(condition)
        .catch(() => false))
    ) {
      if (Date.now() > end)
        throw new Error(`Timed out waiting for ${what}.\nstderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function labelsOf(items: TrayView['menu']): string[] {
  return items.flatMap((item) =>
    item.type === 'separator'
      ? []
      : [item.label, ...(item.type === 'submenu' ? labelsOf(item.submenu) : [])],
  );
}
