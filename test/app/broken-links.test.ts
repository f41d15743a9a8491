// The app tier checks itself: each link a journey crosses, broken on purpose in a copy of the
// built app, makes that journey fail at the step that needs it. A tier that still passed here
// would be testing its own stand-ins, not the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/window/ui-protocol';
import { AppSession, appTierBrowser, appTierReadiness, builtApp, mutantApp } from './app-harness';
import { preloadRuntime } from './preload-runtime';
import { toPageUrl } from './chromium-window';
import {
  firstLaunchSetsTheKey,
  trayPurgeCheckedAtTheCdn,
  trayTrackToNotificationClick,
} from './journeys';

vi.mock('electron-store', () => import('../support/electron-store-stand-in'));

const readiness = await appTierReadiness();
/** Long enough for the steps before the break on a loaded machine, short of the default. */
const patience = 12_000;

describe.skipIf(readiness.skip)('the app tier catches a broken link', () => {
  const browser = appTierBrowser(readiness);

  it.each([
    ['preload', 'preload/index.cjs', 'renamed-channel'],
    ['main', 'main/index.js', 'renamed-handler'],
  ] as const)(
    'a channel renamed on the %s side only: setting the key from the window fails',
    async (_side, file, name) => {
      const build = mutantApp(name, [
        {
          file,
          from: 'setPrivateKey: "purge-watch:set-private-key"',
          to: 'setPrivateKey: "purge-watch:set-key"',
        },
      ]);
      await expect(firstLaunchSetsTheKey({ browser: browser(), build, patience })).rejects.toThrow(
        /data-source="keychain"/,
      );
    },
    60_000,
  );

  it('a push not sent (the list changes): rows tracked from the tray never show', async () => {
    const build = mutantApp('push-not-sent', [
      {
        file: 'main/index.js',
        from: 'window.send(push.channel, push.payload);',
        to: 'if (push.channel !== "changed") window.send(push.channel, push.payload);',
      },
    ]);
    await expect(
      trayTrackToNotificationClick({ browser: browser(), build, patience }),
    ).rejects.toThrow(/data-id=/);
  }, 60_000);

  it('the notifier never calls show(): there is no notification to click', async () => {
    const build = mutantApp('never-shown', [
      { file: 'main/index.js', from: 'notification.show();', to: '' },
    ]);
    await expect(
      trayTrackToNotificationClick({ browser: browser(), build, patience }),
    ).rejects.toThrow(/never shown/);
  }, 60_000);

  it('the notification click handler dropped: clicking the notification shows nothing', async () => {
    const build = mutantApp('click-dropped', [
      { file: 'main/index.js', from: 'notification.on("click",', to: 'notification.on("dropped",' },
    ]);
    await expect(
      trayTrackToNotificationClick({ browser: browser(), build, patience }),
    ).rejects.toThrow(/one open window|focus/);
  }, 60_000);

  it('the CDN\'s verdict not handed to the notifier: no "Completed · fresh" notification', async () => {
    const build = mutantApp('verdict-not-told', [
      {
        file: 'main/index.js',
        from: 'service.freshness.on("checked", (purge) => notifier.settled(purge));',
        to: '',
      },
    ]);
    await expect(trayPurgeCheckedAtTheCdn({ browser: browser(), build, patience })).rejects.toThrow(
      /Completed · fresh/,
    );
  }, 60_000);

  it('an answer that cannot be structured-cloned (a function in it): the window never loads', async () => {
    const build = mutantApp('uncloneable-answer', [
      {
        file: 'main/index.js',
        from: 'return handler(validate(args[0]));',
        to: 'return { ...(await handler(validate(args[0]))), toJSON: () => ({}) };',
      },
    ]);
    await expect(firstLaunchSetsTheKey({ browser: browser(), build, patience })).rejects.toThrow(
      /data-ready/,
    );
  }, 60_000);

  it("the window is served by the app's protocol handler with its CSP, and only the window's page may call IPC", async () => {
    const session = await AppSession.start({ browser: browser(), patience: 15_000 });
    try {
      const app = await session.launch(); // no key: the window opens by itself
      const page = await app.page();
      expect(app.windows.served.length).toBeGreaterThan(0);
      for (const answer of app.windows.served) {
        expect(answer.url).toMatch(/^app:\/\/purge-watch\//);
        expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      }
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe(
        'undefined',
      );

      // Another page of the same browser, with the same preload, on the same URL: not the
      // window's web contents, so the main process refuses it.
      const stranger = await app.context.newPage();
      const preload = readFileSync(join(builtApp().dir, 'preload/index.cjs'), 'utf8');
      await stranger.addInitScript(preloadRuntime(preload));
      await stranger.goto(toPageUrl('app://purge-watch/index.html'));
      const refusal = await stranger.evaluate(() =>
        (window as unknown as { purgeWatch: { getSnapshot(): Promise<unknown> } }).purgeWatch
          .getSnapshot()
          .then(
            () => 'answered',
            (error: Error) => error.message,
          ),
      );
      expect(refusal).toMatch(/RefusedSenderError: .*did not come from Purge Watch's window/);
      await stranger.close();
    } finally {
      await session.end();
    }
  }, 60_000);
});
