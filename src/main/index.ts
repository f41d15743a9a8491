// Purge Watch's main process: wiring only. Every decision lives in a module of its own
// (launch-args, tray-menu, notification-policy are pure); this file connects them.
import path from 'node:path';
import { app, clipboard, dialog, net, session, shell } from 'electron';
import { systemClock } from '../core/clock';
import { ImageKitClient } from '../core/imagekit/imagekit-client';
import { PrivateKeySource } from '../core/accounts/key-source';
import { accountNameListFor } from '../core/accounts/account-name-file';
import { KeytarKeychain } from '../core/accounts/keychain';
import { makeFolder } from '../core/storage/make-folder';
import { DurationHistory, durationHistoryFile } from '../core/storage/duration-history';
import { openPurgeFile } from '../core/storage/purge-file';
import { PurgeLedger } from '../core/storage/purge-ledger';
import type { RecoveredStore } from '../core/storage/store-file';
import { Tracker } from '../core/tracking/tracker';
import { WatchService } from '../core/tracking/watch-service';
import { USER_AGENT, VERSION } from '../shared/version';
import { APP_ID, APP_NAME } from './desktop/app-identity';
import { electronCdnFetch } from './cdn-fetch';
import { AppUpdate } from './update/app-update';
import type { ProbeRecorder } from './automation-probe';
import { exposeAutomationProbe } from './automation-probe';
import { PRELOAD_PATH, RENDERER_DIR, trayIconDirectories } from './profile/app-paths';
import { openSettingsFile } from './profile/app-store';
import { registerIpc } from './window/ipc';
import {
  actOnLaunch,
  isFirstRun,
  isHiddenLaunch,
  linkConfirmation,
  notTracked,
  plainLaunchShowsWindow,
} from './desktop/launch-args';
import { errorText, LogFile } from './profile/log-file';
import { createLoginItem } from './desktop/login-item';
import { Notifier } from './notifications/notifier';
import type { StoreFile } from './notifications/notification-policy';
import { OpenShortcut } from './desktop/open-shortcut';
import { PowerWatch } from './desktop/power';
import { SettingsStore, trackerSettings } from './profile/settings-store';
import { claimSingleInstance, registerLinkScheme } from './desktop/single-instance';
import { TrayController } from './tray/tray';
import { LOGIN_GRACE_MS, TrayHostWatch } from './tray/tray-host';
import { createTrayDispatcher } from './tray/tray-actions';
import { defaultKeySource } from './tray/tray-menu';
import { ToastActivations } from './notifications/toast-activation';
import { registerUiScheme, serveUi } from './window/ui-protocol';
import { DockIcon } from './desktop/dock';
import { guardQuit, storeWriteDelayMs } from './quit-guard';
import { openExternalLink, secureSession, secureWebContents } from './window/web-security';
import { AppWindow } from './window/window';

// A throwaway profile for demos and tests (before anything reads userData: the
// single-instance lock is per userData directory).
if (process.env.PURGE_WATCH_USER_DATA) {
  app.setPath('userData', path.resolve(process.env.PURGE_WATCH_USER_DATA));
  // Its log too (on macOS the default is ~/Library/Logs, shared with the real profile).
  app.setAppLogsPath(path.join(app.getPath('userData'), 'logs'));
}
// What a packaged app has instead of a console: the log file in the app's log folder.
const log = new LogFile({ directory: app.getPath('logs'), clock: systemClock });
// Windows attributes notifications to this ID; it must equal electron-builder's appId.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

const instance = claimSingleInstance();
// Windows: a toast clicked in the Action Center after the app quit starts it and delivers the
// click at once; listening starts before anything else, and the clicks wait for the notifier.
const toastClicks = instance.primary ? new ToastActivations() : undefined;
if (instance.primary) {
  registerUiScheme();
  // A tray app does not quit when its window closes.
  app.on('window-all-closed', () => undefined);
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents));
  app.whenReady().then(start).catch(fail);
}

function start(): void {
  toastClicks?.ready();
  const clock = systemClock;
  const dock = new DockIcon(clock);
  // Packaged, LSUIElement keeps the Dock icon hidden from the start; from sources it shows.
  if (!app.isPackaged) dock.hide();
  if (!registerLinkScheme()) {
    log.warn('The system refused to make Purge Watch open purgewatch:// links.');
  }
  secureSession(session.defaultSession);
  serveUi(RENDERER_DIR);

  const userData = app.getPath('userData');
  // A file of the profile that was not JSON is moved aside, and where it went is told: found at
  // start, or later (a file that could not be opened at start opens at a save, a file shared
  // with purge-watch commands is found so at a write). Told once start() has made what the
  // notifier calls: a save at start (reconcile, below) comes before the notifier.
  const tellSetAside = (file: StoreFile) => (recovered: RecoveredStore) =>
    queueMicrotask(() => notifier.storeRecovered(file, recovered));
  // One found so at start is told below, with the window's banner (the tracker's status). A
  // list that could not be read at start is read at a save once it can be: that is told too.
  const purgeFile = openPurgeFile(userData, clock, tellSetAside('purges'), (filePath) =>
    queueMicrotask(() => notifier.purgesReadable(filePath)),
  );
  const settingsFile = openSettingsFile(userData, clock, tellSetAside('settings'));
  // Created before the window it opens: a press before then waits for `window` below.
  const shortcut = new OpenShortcut({ onPress: () => window.show() });
  const settings = new SettingsStore(settingsFile.store, createLoginItem(), {
    shortcut,
    clock,
    ...(settingsFile.openFailure === undefined ? {} : { openFailure: settingsFile.openFailure }),
  });
  settings.reconcile();
  log.info(
    `${APP_NAME} ${VERSION} started (${process.platform}, Electron ${process.versions.electron ?? '?'})`,
  );
  const shortcutStatus = shortcut.status();
  if (shortcutStatus.state === 'refused') {
    log.warn(
      `The system refused the shortcut ${shortcutStatus.accelerator}: another app holds it.`,
    );
  }

  // Created before the files that report to it. It shows nothing before start() has returned (a
  // file is moved aside at a later write or purge), when the window, tray and probe it calls exist.
  const notifier = new Notifier({
    clock,
    settings: () => settings.get(),
    onClick: (target) => window.show(target),
    onUnavailable: () => {
      void tray.refresh();
      service.desktopChanged();
    },
    observe: (id, notice, outcome) => probe?.observeNotification(id, notice, outcome),
    log: (message) => log.warn(message),
  });

  const keys = new PrivateKeySource(
    new KeytarKeychain({
      service: process.env.PURGE_WATCH_KEYCHAIN_SERVICE || undefined,
      // macOS: the account names beside the data, so listing them reads (prompts for) no key.
      nameList: accountNameListFor(process.platform, userData, tellSetAside('account-names')),
    }),
    process.env.IMAGEKIT_PRIVATE_KEY,
  );
  // The account book (core/accounts/account-book.ts) makes one client per account, the first at once.
  const clientFor = (account: string): ImageKitClient =>
    new ImageKitClient({
      // Electron's network stack: system proxy settings and certificates apply.
      fetch: (input, init) => net.fetch(input, init),
      privateKey: () => keys.get(account),
      baseUrl: process.env.IMAGE_KIT_BASE_URL,
      userAgent: USER_AGENT,
    });
  const tracker = new Tracker({
    accounts: [],
    ...trackerSettings(settings.get()),
    store: purgeFile.store,
    clock,
    recoveredStore: purgeFile.recovered,
    history: new DurationHistory({
      clock,
      file: durationHistoryFile(userData, clock, tellSetAside('durations')),
      coalesceMs: storeWriteDelayMs(process.platform),
      // One that cannot be read at start is read again until it can be, not only at a save.
      rereadUnreadable: true,
    }),
    coalesceWritesMs: storeWriteDelayMs(process.platform),
    onError: (error) => log.error(`purge-watch: ${errorText(error)}`),
  });

  const window = new AppWindow(PRELOAD_PATH, dock);
  // The tray and the window show its state; both can install what it downloaded.
  const update = new AppUpdate({
    clock,
    checksOn: () => settings.get().checkForUpdates,
    onChange: () => {
      void tray.refresh();
      service.updateChanged();
    },
    log: (message) => log.warn(`purge-watch: update: ${message}`),
  });
  const service = new WatchService({
    tracker,
    keys,
    settings,
    clientFor,
    // Freshness checks: a session of their own, never the API clients' requests.
    cdnFetch: electronCdnFetch(),
    openExternal: async (url) => {
      // shell.openExternal rejects when no app can open it (no browser set, a sandbox).
      const opened = await openExternalLink(url).catch((error: unknown) => {
        throw new Error(`The link could not be opened: ${errorText(error)}`);
      });
      if (!opened) throw new Error('Only http(s) links can be opened.');
    },
    // The month's purges per account, shared with purge-watch commands on this machine.
    ledger: new PurgeLedger(userData, clock, tellSetAside('ledger')),
    shortcut: () => shortcut.status(),
    loginItem: () => settings.loginItemStatus(),
    notificationsUnavailable: () => notifier.problem,
    trayUnavailable: () => tray.problem,
    updates: {
      status: () => update.status,
      check: () => update.checkNow(),
      install: () => update.install(),
    },
    // Resolves once written (Electron 45's writeText is a Promise): the window says "copied" then.
    copyText: async (text) => {
      try {
        await clipboard.writeText(text);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`The clipboard could not be written: ${reason}`);
      }
    },
  });
  registerIpc(service.handlers, () => window.webContents);

  // The tray says where the default account's key comes from once the accounts are read.
  let accountsRead = false;
  toastClicks?.deliverTo((launch) => notifier.activated(launch));
  const dispatch = createTrayDispatcher({
    handlers: service.handlers,
    showWindow: (focus) => window.show(focus),
    readClipboard: () => clipboard.readText(),
    clock,
    quit: () => app.quit(),
    installUpdate: () => update.install(),
    openLogFolder: async () => {
      const folder = app.getPath('logs');
      makeFolder(folder);
      const problem = await shell.openPath(folder);
      if (problem) throw new Error(`The log folder ${folder} could not be opened: ${problem}`);
    },
    tell: (notice) => notifier.tell(notice),
    done: () => void tray.refresh(true),
  });
  const tray: TrayController = new TrayController({
    state: () => ({
      purges: tracker.list(),
      // The window's status: a file that cannot be saved is said here too.
      status: service.status(),
      settings: settings.get(),
      keySource: accountsRead ? defaultKeySource(service.accounts.current) : undefined,
      accounts: service.accounts.current,
      notificationsUnavailable: notifier.problem,
      durations: tracker.history.summary(tracker.defaultAccount),
      update: update.view,
      // As the system said when last asked: the menu is built again at every change of status.
      loginItemHeld: settings.lastLoginItemStatus?.held,
    }),
    dispatch,
    // Back from the system's settings, the pointer on the icon: ask again.
    beforeOpen: () => service.refreshLoginItem(),
    onClick: () => window.show(),
    iconDirectories: trayIconDirectories(),
    clock,
    // Without an icon the window is the app: it opens (even at a login launch) and says why.
    onProblem: (problem) => {
      if (problem !== undefined) {
        log.warn(problem);
        window.show();
      }
      // Told from the tray's constructor too, before `service` is made.
      queueMicrotask(() => service.desktopChanged());
    },
  });
  // A Linux desktop with no tray host shows the icon nowhere, and Electron cannot tell: the
  // session bus is asked. The window then opens (at a login launch too, once the panel has had
  // time to start) and says why, until a host appears.
  const trayHost =
    process.platform === 'linux'
      ? new TrayHostWatch({
          clock,
          firstAfterMs: isHiddenLaunch(process.argv) ? LOGIN_GRACE_MS : 0,
          onChange: (missing) => tray.setHostMissing(missing),
        })
      : undefined;
  // The real-Electron tier's view of the tray and notifications (unpackaged, on request only).
  const probe: ProbeRecorder | undefined = exposeAutomationProbe({
    tray: () => tray.view,
    dispatch,
  });
  const hasPending = (): boolean => tracker.list().some((p) => p.state === 'pending');
  const power = new PowerWatch({ tracker, hasPending, clock });

  // Back from the system's settings (where a login item is allowed or turned off): ask again.
  window.onFocus(() => service.refreshLoginItem());
  service.onPush((push) => {
    window.send(push.channel, push.payload);
    if (push.channel === 'accounts') notifier.accounts(push.payload);
    if (push.channel === 'settings') {
      update.settingsChanged();
      // With looks off, a day of failed ones is no longer said.
      service.updateChanged();
    }
    // 'status': the tracker's, or a file that cannot be saved (or can again).
    if (
      push.channel === 'status' ||
      push.channel === 'settings' ||
      push.channel === 'key' ||
      push.channel === 'accounts' ||
      push.channel === 'loginItem'
    ) {
      void tray.refresh();
    }
  });
  // A URL purge whose CDN is checked is told with the verdict ("Completed · fresh").
  tracker.on('completed', (purge) => {
    if (!service.freshness.willCheck(purge)) notifier.settled(purge);
  });
  service.freshness.on('checked', (purge) => notifier.settled(purge));
  tracker.on('failed', (purge) => {
    log.info(
      `${purge.requestId} (${purge.account ?? '?'}): ${purge.state}: ${purge.lastError?.message ?? ''}`,
    );
    notifier.settled(purge);
  });
  // The error names its account (with several, the notification does too) and says whether
  // the key is missing or was refused.
  tracker.on('auth-required', (error) => {
    const why = error.auth === 'key_missing' ? 'missing' : 'refused';
    log.warn(`${error.account}: the private key is ${why}: ${error.message}`);
    notifier.keyProblem(error);
  });
  // The tray is refreshed by the status push the service makes of it (above).
  tracker.on('status', (status) => notifier.status(status));
  tracker.on('changed', ({ updated }) => {
    notifier.stillPending(updated, tracker.history.summary(tracker.defaultAccount));
    power.update();
    void tray.refresh();
  });

  // Polling starts with the account the account book starts with (that of the key versions
  // before accounts used: purges stored by them are its), the others' once the keychain lists
  // them (service.ready).
  tracker.start();
  if (purgeFile.recovered) notifier.storeRecovered('purges', purgeFile.recovered);

  // A launch's warnings are told too: a link clicked in a browser has no terminal to print to.
  const logLaunch = (message: string): void => log.warn(`purge-watch: ${message}`);
  const warnLaunch = (message: string): void => {
    logLaunch(message);
    notifier.tell({ kind: 'action-failed', title: 'Not tracked', body: message, target: {} });
  };
  // Tracked once the accounts are read: an ID's lookup asks every account, and an account a
  // launch names is known (or refused, never tracked with another one).
  const trackLaunched = async (requestIds: string[], account?: string): Promise<void> => {
    await service.ready;
    if (account !== undefined && !tracker.accounts.includes(account)) {
      warnLaunch(notTracked(requestIds.length, `no account is named "${account}"`));
      return;
    }
    await tracker.add(requestIds, account === undefined ? {} : { account });
  };
  const launchPorts = {
    track: (requestIds: string[], account?: string) =>
      void trackLaunched(requestIds, account).catch((error: unknown) =>
        log.error(errorText(error)),
      ),
    showWindow: () => window.show(),
    warn: warnLaunch,
    note: logLaunch,
    confirmLink: async (count: number) =>
      (await dialog.showMessageBox(linkConfirmation(count))).response === 0,
  };
  // A launch from the app menu shows the window (GNOME has no tray icon to click); the login
  // item's (--hidden) does not.
  const launch = actOnLaunch(process.argv, launchPorts, {
    showWindowWhenPlain: plainLaunchShowsWindow(process.platform),
  });
  instance.deliverTo((argv) => actOnLaunch(argv, launchPorts, { showWindowWhenPlain: true }));

  // The accounts' push (above) has told the notifier; the tray now names the key's source.
  void service.ready.then((accounts) => {
    accountsRead = true;
    void tray.refresh();
    const state = { accounts: accounts.accounts.length, tracked: tracker.list().length };
    if (isFirstRun(launch, state, isHiddenLaunch(process.argv))) window.show({ section: 'key' });
  });

  // macOS: launching the app again (Finder, Spotlight, the Dock, `open -a`) opens the window.
  app.on('activate', () => window.show());

  let closed = false;
  const closeDown = (): void => {
    if (closed) return;
    closed = true;
    shortcut.dispose();
    power.dispose();
    update.dispose();
    notifier.dispose();
    service.freshness.close();
    service.close();
    settings.close();
    tracker.close();
    trayHost?.stop();
    tray.destroy();
    dock.dispose();
  };
  guardQuit({ closeDown, quit: () => app.quit() });
  app.on('before-quit', closeDown);
}

function fail(error: unknown): void {
  // Messages of our errors never contain the key (and base-url errors never echo the value).
  const message = errorText(error);
  log.error(`purge-watch: could not start: ${message}`);
  dialog.showErrorBox('Purge Watch could not start', message);
  app.exit(1);
}
