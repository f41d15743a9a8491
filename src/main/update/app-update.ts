// Auto-update: electron-updater reading the feeds a GitHub Release carries (latest.yml,
// latest-mac.yml, latest-linux.yml; electron-builder.yml `publish`), driven by update-policy.ts.
// Looks a little after start and every 6 hours while "Look for new versions" is on; downloads
// where the installation can update itself, and installs only when the user picks "Restart to
// update" in the tray (install-on-quit is off). A deb or an unsigned macOS build is told where
// to download the new version instead; a run from sources never looks.
//
// From sources, a dev-app-update.yml beside the app (electron-updater's development feed)
// makes it look there: that is how the tests serve it a feed on 127.0.0.1. A packaged app reads
// resources/app-update.yml, which electron-builder writes.
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import type { AppUpdater } from 'electron-updater';
import electronUpdater from 'electron-updater';
import type { Clock, TimerHandle } from '../../core/clock';
import { APP_NAME } from '../desktop/app-identity';
import { safeServerText } from '../../core/imagekit/server-text';
import { errorText } from '../profile/log-file';
import type { UpdateView } from '../tray/tray-menu-update';
import type { UpdateStatus } from '../../shared/update';
import type {
  InstallFacts,
  UpdateEvent,
  UpdaterKind,
  UpdateRoute,
  UpdateState,
} from './update-policy';
import {
  IDLE,
  feedOnLoopbackHttp,
  feedVersion,
  MAX_VERSION_CHARS,
  nextCheckAt,
  nextUpdateState,
  releasePage,
  updateRoute,
} from './update-policy';
import type { UpdaterLimits } from './updater-requests';
import { boundUpdaterRequests } from './updater-requests';

interface AppUpdateOptions {
  clock: Clock;
  /** The user's "Look for new versions" setting, read at each scheduling. */
  checksOn: () => boolean;
  /** The state changed: the tray re-renders. */
  onChange: () => void;
  /** Where failures are written. */
  log?: (message: string) => void;
  /** How far electron-updater's requests may go (tests lower them). */
  limits?: UpdaterLimits;
}

const DEV_FEED = 'dev-app-update.yml';

export class AppUpdate {
  readonly route: UpdateRoute;
  private readonly updater: AppUpdater | undefined;
  private readonly startedAt: number;
  private readonly log: (message: string) => void;
  private state: UpdateState = IDLE;
  private page: string | undefined;
  private lastCheckAt: number | undefined;
  /** When the first look of the current run of failed ones began (the tray says so after a day). */
  private failingSince: number | undefined;
  /** The last look found nothing newer than this version. */
  private upToDate = false;
  /** Where electron-updater put the downloaded update (its cache). */
  private downloadedFile: string | undefined;
  private timer: TimerHandle | undefined;
  private disposed = false;

  constructor(
    private readonly options: AppUpdateOptions,
    private readonly facts: InstallFacts = readInstallFacts(),
  ) {
    this.route = updateRoute(facts);
    this.startedAt = options.clock.now();
    this.log = options.log ?? ((message) => console.warn(`purge-watch: update: ${message}`));
    if (this.route.kind === 'none') return;
    const updater = createUpdater(this.route.updater);
    try {
      boundUpdaterRequests(updater, {
        clock: options.clock,
        limits: options.limits,
        loopbackHttp: feedOnLoopbackHttp(readUpdateConfig(facts)),
      });
    } catch (error) {
      // electron-updater changed under it (test/main/updater-requests.test.ts fails too): it
      // still looks (its requests unbounded, and not kept on https), rather than never again.
      this.log(errorText(error));
    }
    updater.logger = { info: () => undefined, warn: this.log, error: this.log };
    // Downloads only where it can install; installs only on the user's click.
    updater.autoDownload = this.route.kind === 'self';
    updater.autoInstallOnAppQuit = false;
    updater.forceDevUpdateConfig = !facts.packaged;
    updater.on('checking-for-update', () => this.apply({ type: 'checking' }));
    updater.on('update-available', (info: { version: unknown }) =>
      this.found('available', info.version),
    );
    updater.on('update-not-available', () => this.apply({ type: 'not-available' }));
    updater.on('update-downloaded', (info: { version: unknown; downloadedFile?: unknown }) => {
      this.downloadedFile =
        typeof info.downloadedFile === 'string' ? info.downloadedFile : undefined;
      this.found('downloaded', info.version);
    });
    updater.on('error', (error: Error) => this.apply({ type: 'error', message: error.message }));
    this.updater = updater;
    this.schedule();
  }

  /** What the tray shows; undefined where this installation never updates. */
  get view(): UpdateView | undefined {
    if (!this.updater) return undefined;
    return {
      state: this.state,
      ...(this.page === undefined ? {} : { releasePage: this.page }),
      ...(this.failingSince === undefined || !this.options.checksOn()
        ? {}
        : { failingSince: this.failingSince }),
    };
  }

  /**
   * What the window shows: the tray's view, how this installation updates (and why not, where it
   * does not) and whether the last look found nothing newer. The feed's error text stays out.
   */
  get status(): UpdateStatus {
    const { route, state } = this;
    if (route.kind === 'none') return { route: 'none', why: route.why };
    const view = this.view;
    return {
      route: route.kind,
      ...(route.kind === 'manual' ? { why: route.why } : {}),
      phase: state.phase,
      ...('version' in state ? { version: state.version } : {}),
      ...(state.phase === 'idle' && this.upToDate ? { upToDate: true } : {}),
      ...(view?.releasePage === undefined ? {} : { releasePage: view.releasePage }),
      ...(view?.failingSince === undefined ? {} : { failingSince: view.failingSince }),
    };
  }

  /**
   * The user's "Check now" in the window: looks at once (the next look is 6 hours after it),
   * whatever "Look for new versions" says. Does nothing while a look or a download is under
   * way, or an update waits for "Restart to update". Throws where this installation never looks.
   */
  checkNow(): void {
    if (this.route.kind === 'none') {
      throw new Error(`${APP_NAME} does not update itself here (${this.route.why}).`);
    }
    if (['checking', 'downloading', 'downloaded'].includes(this.state.phase)) return;
    void this.check();
  }

  /** The setting may have changed: look on the usual schedule, or stop looking. */
  settingsChanged(): void {
    this.schedule();
  }

  /**
   * The user's click on "Restart to update": installs the downloaded update and restarts.
   * Throws, saying why, when it cannot be installed (the AppImage was moved, or its folder is
   * not writable): electron-updater only emits an error, and the click would seem to do nothing.
   * A download removed meanwhile is made again, and offered once it is.
   */
  install(): void {
    const { state, updater } = this;
    if (state.phase !== 'downloaded' || !updater) return;
    if (this.downloadedFile !== undefined && !fs.existsSync(this.downloadedFile)) {
      // Its cache was cleaned meanwhile. electron-updater would delete the installed AppImage
      // before finding the new one gone, leaving nothing to start: download it again instead.
      this.state = IDLE;
      this.upToDate = false;
      this.options.onChange();
      void this.check();
      // The file is named as the feed's URL, percent-decoded (a line break, a bidi override):
      // shown as server text is, in the notification the tray makes of this.
      const gone = safeServerText(this.downloadedFile);
      const message = `${APP_NAME} ${state.version} could not be installed: the downloaded file is gone (${gone}); downloading it again`;
      this.log(message);
      throw new Error(message);
    }
    let failure: unknown;
    const failed = (error: unknown): void => {
      failure ??= error;
    };
    updater.on('error', failed);
    try {
      // Silent (the user has said yes), and the new version starts after.
      updater.quitAndInstall(true, true);
    } finally {
      updater.off('error', failed);
    }
    if (failure === undefined) return;
    // electron-updater's words, which may name the download (the feed's file name): bounded.
    const message = `${APP_NAME} ${state.version} could not be installed: ${safeServerText(errorText(failure))}`;
    this.log(message);
    throw new Error(message);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A version the feed names (available, or downloaded): offered only once it can be shown. */
  private found(type: 'available' | 'downloaded', raw: unknown): void {
    const version = feedVersion(raw);
    if (version !== undefined) {
      this.apply({ type, version });
      return;
    }
    const message = `the update feed's version is not a version of at most ${MAX_VERSION_CHARS} characters`;
    this.log(`refused the update: ${message}`);
    this.apply({ type: 'refused', message });
  }

  private apply(event: UpdateEvent): void {
    const next = nextUpdateState(this.state, event, this.route);
    const upToDate = next.phase === 'idle' && (event.type === 'not-available' || this.upToDate);
    if (JSON.stringify(next) === JSON.stringify(this.state) && upToDate === this.upToDate) return;
    this.upToDate = upToDate;
    this.state = next;
    if (next.phase === 'failed') this.failingSince ??= this.lastCheckAt;
    else if (next.phase !== 'checking') this.failingSince = undefined;
    if (next.phase === 'available')
      this.page = releasePage(readUpdateConfig(this.facts), next.version);
    this.options.onChange();
  }

  private schedule(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const { clock } = this.options;
    const at = nextCheckAt({
      route: this.route,
      checksOn: this.options.checksOn(),
      startedAt: this.startedAt,
      lastCheckAt: this.lastCheckAt,
    });
    if (at === undefined || this.disposed) return;
    this.timer = clock.setTimeout(
      () => {
        this.timer = undefined;
        void this.check();
      },
      Math.max(0, at - clock.now()),
    );
  }

  private async check(): Promise<void> {
    const updater = this.updater;
    if (!updater) return;
    this.lastCheckAt = this.options.clock.now();
    this.schedule();
    try {
      const result = await updater.checkForUpdates();
      // A failed download is reported as an 'error' event; its promise must not go unhandled.
      result?.downloadPromise?.catch(() => undefined);
    } catch {
      // Reported as an 'error' event too (offline, no release yet): the next check tries again.
    }
  }
}

function createUpdater(kind: UpdaterKind): AppUpdater {
  const { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater } = electronUpdater;
  switch (kind) {
    case 'appimage':
      return new AppImageUpdater();
    case 'deb':
      return new DebUpdater();
    case 'mac':
      return new MacUpdater();
    case 'nsis':
      return new NsisUpdater();
  }
}

/** The facts of this installation that decide how it updates. */
function readInstallFacts(): InstallFacts {
  // Electron's; undefined under plain Node.
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const marker = readText(path.join(app.getAppPath(), 'package.json'));
  let updatesMarked: string | undefined;
  try {
    const updates = (JSON.parse(marker ?? '{}') as { purgeWatch?: { updates?: unknown } })
      .purgeWatch?.updates;
    updatesMarked = typeof updates === 'string' ? updates : undefined;
  } catch {
    updatesMarked = undefined;
  }
  return {
    platform: process.platform,
    packaged: app.isPackaged,
    devFeed: !app.isPackaged && fs.existsSync(path.join(app.getAppPath(), DEV_FEED)),
    appImage: process.env.APPIMAGE || undefined,
    packageType: resources ? readText(path.join(resources, 'package-type'))?.trim() : undefined,
    updatesMarked,
  };
}

/** The feed's configuration file: resources/app-update.yml, or the development one. */
function readUpdateConfig(facts: InstallFacts): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const file = facts.packaged
    ? resources && path.join(resources, 'app-update.yml')
    : path.join(app.getAppPath(), DEV_FEED);
  return (file && readText(file)) ?? '';
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
