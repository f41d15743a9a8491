// The whole app end to end (see app-harness.ts): each journey is one test, on each platform
// where what the user does differs (the tray icon's click, the Dock, how links arrive).
import { describe, it, vi } from 'vitest';
import { PLATFORMS, appTierBrowser, appTierReadiness } from './app-harness';
import {
  firstLaunchSetsTheKey,
  handOverToRunningApp,
  launchShowsTheWindow,
  pauseAndResumeFromTray,
  quitAndStartAgain,
  rateLimitShows,
  toastClickedAfterQuit,
  waylandClipboardInTheWindow,
  trayPurgeCheckedAtTheCdn,
  trayAppHabits,
  trayTrackToNotificationClick,
  twoAccountsFromTheTray,
  updateFromTheTray,
  updateFromTheWindow,
  updateRefusedIsLogged,
} from './journeys';

vi.mock('electron-store', () => import('../support/electron-store-stand-in'));

const readiness = await appTierReadiness();

describe.skipIf(readiness.skip)('the whole app: main, preload and window together', () => {
  const browser = appTierBrowser(readiness);

  it('first launch with no key: the window opens at the key settings; the key set there lands in the keychain', async () => {
    await firstLaunchSetsTheKey({ browser: browser() });
  }, 40_000);

  it('pause from the tray: the window says so, nothing is checked; resume: checks go on', async () => {
    await pauseAndResumeFromTray({ browser: browser() });
  }, 60_000);

  it("a 429 from ImageKit shows in the tray's status line and the window's banner", async () => {
    await rateLimitShows({ browser: browser() });
  }, 60_000);

  it('quit and start again: every purge is back, in its state, and still watched', async () => {
    await quitAndStartAgain({ browser: browser() });
  }, 60_000);

  it('two accounts: an ID only staging knows is looked up, completes and is named as staging’s; the tray purges with staging', async () => {
    await twoAccountsFromTheTray({ browser: browser() });
  }, 60_000);

  it('a URL purged from the tray is checked at the CDN: "Completed · fresh" in the notification and the window', async () => {
    await trayPurgeCheckedAtTheCdn({ browser: browser() });
  }, 60_000);

  it('an update found in the feed is offered in the tray ("Restart to update to X.Y.Z") and installed only when picked', async () => {
    await updateFromTheTray({ browser: browser() });
  }, 60_000);

  it('an update the app downloaded is said in the window\'s settings, and "Restart to update" there installs it', async () => {
    await updateFromTheWindow({ browser: browser() });
  }, 60_000);

  it('an update that fails its SHA-512 is not offered or installed, and the log says why', async () => {
    await updateRefusedIsLogged({ browser: browser() });
  }, 60_000);

  it('tray app habits: a shortcut opens the window (a taken one is refused, saying so), no sound toggle Linux would ignore, the log folder from the tray', async () => {
    await trayAppHabits({ browser: browser() });
  }, 60_000);

  it('Windows: a toast clicked in the Action Center after the app quit starts it at that purge', async () => {
    await toastClickedAfterQuit({ browser: browser() });
  }, 60_000);

  it('Wayland: the tray sends copying and pasting to the window, where the clipboard works', async () => {
    await waylandClipboardInTheWindow({ browser: browser() });
  }, 60_000);

  describe.each(PLATFORMS)('on %s', (platform) => {
    it('copied IDs tracked from the tray show in the window, complete, notify once, and the click shows them', async () => {
      await trayTrackToNotificationClick({ browser: browser(), platform });
    }, 60_000);

    it('a launch from the app menu shows the window (macOS: the icon, and the window when opened again)', async () => {
      await launchShowsTheWindow({ browser: browser(), platform });
    }, 60_000);

    it('a second launch with --track and a purgewatch:// link hand IDs to the running app', async () => {
      await handOverToRunningApp({ browser: browser(), platform });
    }, 60_000);
  });
});
