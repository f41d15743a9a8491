// Auto-update as data: which way this installation updates (by itself, by the user from the
// release page, or not at all), when to check, what each of electron-updater's events means for
// what the user sees, and where the release page is. Pure: app-update.ts feeds it the facts of
// the installation, electron-updater's events and the clock; tray-menu-update.ts words it.
//
// Nothing is installed without the user's click: a downloaded update waits for "Restart to
// update" (electron-updater's install-on-quit is turned off).
import { isLoopbackHttp } from '../../core/imagekit/base-url';
import { UNSHOWABLE } from '../../core/imagekit/server-text';
import type { UpdateState } from '../../shared/update';

/** Updates are looked for a little after start, then every 6 hours while the app runs. */
export const FIRST_CHECK_DELAY_MS = 5_000;
export const CHECK_INTERVAL_MS = 6 * 60 * 60_000;
/** Every look has failed for this long: the tray and the window say so (shared/update.ts). */
export { FAILING_NOTICE_MS } from '../../shared/update';

/** Which electron-updater class reads the feed for this installation. */
export type UpdaterKind = 'appimage' | 'deb' | 'mac' | 'nsis';

export type UpdateRoute =
  /** Downloads by itself; installs when the user clicks "Restart to update". */
  | { kind: 'self'; updater: UpdaterKind }
  /** Checks, and tells the user where to download the new version (and why). */
  | { kind: 'manual'; updater: UpdaterKind; why: string }
  /** Never checks. */
  | { kind: 'none'; why: string };

/** What the running installation says about itself (app-update.ts reads them). */
export interface InstallFacts {
  platform: NodeJS.Platform;
  /** Packaged by electron-builder (not `electron .` from sources). */
  packaged: boolean;
  /** From sources, a dev-app-update.yml beside the app names a feed (electron-updater's way). */
  devFeed: boolean;
  /** $APPIMAGE: the AppImage this runs from (Linux). */
  appImage?: string;
  /** resources/package-type, written by electron-builder for deb, rpm and pacman packages. */
  packageType?: string;
  /** package.json's purgeWatch.updates: "manual" on builds that cannot update themselves. */
  updatesMarked?: string;
}

export function updateRoute(facts: InstallFacts): UpdateRoute {
  if (!facts.packaged && !facts.devFeed) {
    return { kind: 'none', why: 'run from sources: update with git pull' };
  }
  switch (facts.platform) {
    case 'win32':
      return { kind: 'self', updater: 'nsis' };
    case 'darwin':
      // macOS installs only updates signed like the running app, and this build is unsigned.
      return facts.updatesMarked === 'manual'
        ? { kind: 'manual', updater: 'mac', why: 'this build is not signed' }
        : { kind: 'self', updater: 'mac' };
    default:
      if (facts.appImage) return { kind: 'self', updater: 'appimage' };
      // Installing a deb needs root: the user does it with apt, from the release page.
      if (facts.packageType === 'deb') {
        return { kind: 'manual', updater: 'deb', why: 'installed from the .deb' };
      }
      return { kind: 'none', why: 'neither an AppImage nor a deb' };
  }
}

/** What the updater is doing, or has to offer: shared with the window (shared/update.ts). */
export type { UpdateState } from '../../shared/update';

/** electron-updater's events, as far as they matter here. */
export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string }
  /** The feed named a version that cannot be shown (feedVersion): nothing it names is offered. */
  | { type: 'refused'; message: string };

export const IDLE: UpdateState = { phase: 'idle' };

/**
 * The state after an event. What the user can act on (a downloaded update, a version to
 * download) stays until something newer replaces it: a later check that fails, or finds
 * nothing newer, does not take it away.
 */
export function nextUpdateState(
  state: UpdateState,
  event: UpdateEvent,
  route: UpdateRoute,
): UpdateState {
  const actionable = state.phase === 'downloaded' || state.phase === 'available';
  switch (event.type) {
    case 'checking':
      return actionable ? state : { phase: 'checking' };
    case 'available':
      if (route.kind === 'manual') return { phase: 'available', version: event.version };
      // Already downloaded: electron-updater verifies its cache and reports it downloaded again.
      if (state.phase === 'downloaded' && state.version === event.version) return state;
      return actionable ? state : { phase: 'downloading', version: event.version };
    case 'downloaded':
      return { phase: 'downloaded', version: event.version };
    case 'not-available':
      return actionable ? state : IDLE;
    case 'error':
      return actionable ? state : { phase: 'failed', error: event.message };
    case 'refused':
      // Not even a downloaded update stays: electron-updater now holds the refused one, and
      // "Restart to update" would install it under the old label.
      return { phase: 'failed', error: event.message };
  }
}

/** The longest version shown: a release's is like 1.12.3 or 2.0.0-beta.4. */
export const MAX_VERSION_CHARS = 64;
const SEMVER =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[\dA-Za-z-]+(?:\.[\dA-Za-z-]+)*)?(?:\+[\dA-Za-z-]+(?:\.[\dA-Za-z-]+)*)?$/;

/**
 * A version from the update feed as the tray, the log and the release page may show it, or
 * undefined when it is not a version of at most MAX_VERSION_CHARS characters. The feed is
 * untrusted and electron-updater passes its version on as sent, though semver accepted it only
 * once trimmed (of a line separator, say) and up to 256 characters long. A leading "v" goes.
 */
export function feedVersion(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // What nothing shows goes (a version wrapped in line separators or zero-width spaces is still
  // that version); anything else semver does not allow refuses it.
  const version = raw.replace(UNSHOWABLE, '').replace(/^v/, '');
  return version.length <= MAX_VERSION_CHARS && SEMVER.test(version) ? version : undefined;
}

/**
 * When to look for an update next (ms since the epoch), or undefined for never: the route does
 * not update, or the user turned checks off.
 */
export function nextCheckAt(options: {
  route: UpdateRoute;
  checksOn: boolean;
  startedAt: number;
  lastCheckAt: number | undefined;
}): number | undefined {
  if (options.route.kind === 'none' || !options.checksOn) return undefined;
  if (options.lastCheckAt === undefined) return options.startedAt + FIRST_CHECK_DELAY_MS;
  return options.lastCheckAt + CHECK_INTERVAL_MS;
}

/**
 * The page a user downloads a version from, from the feed's app-update.yml (GitHub: the
 * release of that version; a generic feed: its URL). Undefined when the file says neither.
 */
export function releasePage(updateConfig: string, version: string): string | undefined {
  const field = (name: string) => configField(updateConfig, name);
  const provider = field('provider');
  if (provider === 'github') {
    const owner = field('owner');
    const repo = field('repo');
    const safe = /^[\w.-]+$/;
    if (!owner || !repo || !safe.test(owner) || !safe.test(repo)) return undefined;
    return `https://github.com/${owner}/${repo}/releases/tag/v${encodeURIComponent(version)}`;
  }
  const url = field('url');
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * Whether the feed app-update.yml names is plain http on this machine (127.x.x.x, ::1,
 * localhost): the development feed the tests serve. Only then may the updater's requests (the
 * feed, the file, a redirect) use http, and only to a loopback host (updater-requests.ts).
 */
export function feedOnLoopbackHttp(updateConfig: string): boolean {
  if (configField(updateConfig, 'provider') !== 'generic') return false;
  try {
    return isLoopbackHttp(new URL(configField(updateConfig, 'url') ?? ''));
  } catch {
    return false;
  }
}

/** A top-level `name: value` of app-update.yml (electron-builder writes it flat). */
function configField(updateConfig: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*['"]?([^'"\\s#]+)`, 'm').exec(updateConfig)?.[1];
}
