// The paths a user's actions take through the whole app, each a function that starts its own
// session (profile, keychain entry, fake ImageKit), plays the user and fails at the first step
// that does not happen. journeys.test.ts runs each one; broken-links.test.ts runs them on
// mutants of the built app to show each link they cross is one they would catch.
// Elements are found by role, accessible name or stable data attributes (data-id, data-kind,
// data-source), and words are matched loosely: the window's wording may change.
import type { Page } from 'playwright-core';
import { objectIdAt } from '../fake-imagekit/server';
import type { RunningApp, SessionOptions } from './app-harness';
import { AppSession, eventually } from './app-harness';

export type Journey = (options: SessionOptions) => Promise<void>;

/** Runs `steps` in a fresh session, then ends it whatever happened. */
async function inSession(
  options: SessionOptions,
  steps: (session: AppSession) => Promise<void>,
): Promise<void> {
  const session = await AppSession.start(options);
  try {
    await steps(session);
    for (const app of session.apps) {
      // No CSP violation, no uncaught error, nothing fetched from outside app://.
      if (app.windows.pageErrors.length > 0) {
        throw new Error(`The window reported errors: ${app.windows.pageErrors.join(' | ')}`);
      }
      if (app.windows.refused.length > 0) {
        throw new Error(`The window asked for ${app.windows.refused.join(', ')}`);
      }
    }
  } finally {
    await session.end();
  }
}

/** The row of a purge in the window (a stable data attribute, not markup). */
function row(page: Page, requestId: string) {
  return page.locator(`[data-id="${requestId}"]`).first();
}

async function rowsShown(page: Page, requestIds: string[], patience: number): Promise<void> {
  for (const id of requestIds) await row(page, id).waitFor({ timeout: patience });
}

/** Request IDs dated `ageMs` ago, known to the fake and pending there until completed. */
function pendingPurges(session: AppSession, count: number, ageMs = 6_000): string[] {
  const at = Date.now() - ageMs;
  return Array.from({ length: count }, (_, i) =>
    session.fake.addPurge(objectIdAt(at - i * 1_000), { completeAfterMs: Infinity }),
  );
}

/** Statuses the fake answered for `requestId` so far. */
function checksOf(session: AppSession, requestId: string): number {
  return session.fake.requests.filter((r) => r.requestId === requestId).length;
}

// ---------- the journeys ----------

/**
 * First launch, no key, nothing tracked: the window opens by itself at the key settings; the
 * user types the key and saves; it lands in the real keychain and the window says so.
 */
export const firstLaunchSetsTheKey: Journey = (options) =>
  inSession(options, async (session) => {
    const app = await session.launch();
    const page = await app.page(); // opened by itself
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: session.patience });
    const keyInput = dialog.getByLabel(/private key/i);
    await eventually(
      () => keyInput.evaluate((input) => input === document.activeElement),
      'the key field to have the focus',
      session.patience,
    );
    await keyInput.fill(session.fake.privateKey);
    await dialog.getByRole('button', { name: /save/i }).click();
    await dialog.locator('[data-source="keychain"]').waitFor({ timeout: session.patience });
    const stored = await session.keychain.getPrivateKey();
    if (stored !== session.fake.privateKey) throw new Error('The key did not land in the keychain.');
  });

/**
 * Copy IDs, pick "Track request ID from clipboard" in the tray: rows appear in the open window;
 * the fake completes them; one grouped notification; clicking it (after closing the window)
 * brings the window back with one of those rows focused.
 */
export const trayTrackToNotificationClick: Journey = (options) =>
  inSession(options, async (session) => {
    await session.keychain.setPrivateKey(session.fake.privateKey);
    const app = await session.launch();
    if (app.openWindows().length > 0) throw new Error('A window opened although a key is set.');
    const page = await app.openWindow();
    const ids = pendingPurges(session, 2);
    app.mock.clipboardText = `purged:\n${ids.join('\n')}\n`;
    await app.pickFromTray(/^Track .*clipboard/i);
    await rowsShown(page, ids, session.patience);
    await eventually(
      () => ids.every((id) => checksOf(session, id) > 0),
      'a first check of each purge',
      session.patience,
    );
    for (const id of ids) session.fake.completePurge(id);
    for (const id of ids) {
      await page
        .locator(`[data-id="${id}"][data-kind="completed"]`)
        .waitFor({ timeout: session.patience });
    }
    await eventually(() => app.mock.notifications.length > 0, 'a notification', session.patience);
    const [notification, ...more] = app.mock.notifications;
    if (more.length > 0 || !/\b2\b/.test(notification!.title)) {
      throw new Error(`Expected one notification for both, got ${app.mock.notifications.map((n) => n.title)}`);
    }
    app.openWindows()[0]!.close();
    notification!.click();
    const again = await app.page();
    const focusedId = () =>
      again.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-id]')?.dataset.id);
    await eventually(
      async () => ids.includes((await focusedId()) ?? ''),
      'a row of the notification to have the focus',
      session.patience,
    );
  });
