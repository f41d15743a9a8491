// The window in real Chromium, driving the real core against the fake ImageKit server: what a
// user sees and does, from an empty list to purges completing, a refused key, and keyboard use.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { keychainErrorFrom } from '../../src/core/accounts/keychain';
import { isLinux } from '../../src/renderer/keyboard';
import { UNDO_MS } from '../../src/renderer/removal';
import { objectIdAt } from '../fake-imagekit/server';
import type { AppWindow, WindowOptions } from './harness';
import { SCREENSHOT_DIR, addOutcome, row, skipBrowserTests, windowsPerTest } from './harness';

const WAIT = { timeout: 10_000 };

async function kindOf(page: Page, requestId: string, kind: string): Promise<void> {
  await page.waitForSelector(`li.purge-row[data-id="${requestId}"][data-kind="${kind}"]`, WAIT);
}

async function rowCount(page: Page): Promise<number> {
  return page.locator('li.purge-row').count();
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

/** The active element, described for assertions. */
function focused(
  page: Page,
): Promise<{ tag: string; id: string; rowId: string | undefined; outline: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      id: element?.id ?? '',
      rowId: element?.closest<HTMLElement>('li.purge-row')?.dataset.id,
      outline: element ? getComputedStyle(element).outlineStyle : '',
    };
  });
}

describe.skipIf(skipBrowserTests())('the window in Chromium, on the real core', () => {
  const windows = windowsPerTest();
  let win: AppWindow | undefined;

  afterEach(() => {
    // No CSP violation, no uncaught error, in any test (checked before windowsPerTest closes it).
    const errors = win?.pageErrors;
    win = undefined;
    expect(errors ?? []).toEqual([]);
  });

  async function open(options: WindowOptions = {}): Promise<AppWindow> {
    win = await windows.open(options);
    return win;
  }

  it('explains what to do when nothing is tracked, in light and dark', async () => {
    const { page } = await open();
    const empty = page.locator('#empty-state');
    await empty.waitFor(WAIT);
    expect(await empty.innerText()).toMatch(/No purges tracked yet/);
    expect(await empty.innerText()).toMatch(/request ID/);
    expect(await page.locator('#summary').innerText()).toBe('Nothing tracked yet');
    // No toolbar above the first steps: no "All 0", no bulk buttons in the Tab order.
    expect(await page.locator('.list-sticky').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Check all' }).count()).toBe(0);
    await screenshot(page, 'empty-light.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'empty-dark.png');

    // The sample says plainly that ImageKit will not know its ID.
    await page.getByRole('button', { name: 'Show a sample paste' }).click();
    expect(await page.locator('#add-input').inputValue()).toMatch(/"requestId"/);
    expect(await page.locator('#add-result').innerText()).toMatch(
      /your account has no purge with it/,
    );
    await page.getByRole('link', { name: 'How purging works in ImageKit' }).click();
    await expect
      .poll(() => win!.opened)
      .toEqual(['https://docs.imagekit.io/api-reference/media-api/purge-cache']);
  });

  it('adds a paste of several IDs, says what was added, tracked and rejected, and shows a purge completing with its duration', async () => {
    const now = Date.now();
    const soon = objectIdAt(now - 2_000);
    const slow = objectIdAt(now - 1_000);
    const tracked = objectIdAt(now - 3_000);
    const { page, fake } = await open({
      before: async ({ fake, tracker }) => {
        fake.addPurge(tracked, { completeAfterMs: Infinity });
        await tracker.add([tracked]);
      },
    });
    fake.addPurge(soon, { completeAfterMs: 1_200 });
    fake.addPurge(slow, { completeAfterMs: Infinity });

    const input = page.getByRole('textbox', { name: 'Request IDs to track' });
    await input.fill(`{"requestId": "${soon}"}\n${slow}\n${tracked}\n${soon.slice(0, 23)}`);
    await input.press('Enter');

    const result = page.locator('#add-result');
    await result.getByText('Added 2 purges, 1 already tracked, 1 entry rejected.').waitFor(WAIT);
    expect(await result.innerText()).toContain(
      `“${soon.slice(0, 23)}”: 23 characters; a request ID has 24 hex characters`,
    );
    // Only the rejected entry stays in the box, to be fixed.
    expect(await input.inputValue()).toBe(soon.slice(0, 23));
    expect(await rowCount(page)).toBe(3);

    await kindOf(page, soon, 'completed');
    const done = row(page, soon);
    expect(await done.locator('.status-word').innerText()).toBe('Completed');
    expect(await done.locator('.cell-duration .cell-value').innerText()).toMatch(/^\d+(ms|s)$/);
    expect(await done.locator('.cell-duration .cell-sub').innerText()).toBe('to complete');
    expect(await done.getAttribute('aria-label')).toBe(`Completed: request ${soon}`);

    // Checked, and still pending: said once, by its status (no "ImageKit: Pending" under it).
    await page.waitForSelector(
      `li.purge-row[data-id="${slow}"] .cell-checked >> text=/check/`,
      WAIT,
    );
    expect(await row(page, slow).locator('.status-word').innerText()).toBe('Pending');
    expect(await row(page, slow).innerText()).not.toContain('ImageKit: Pending');
    expect(await row(page, slow).locator('.cell-duration .cell-sub').innerText()).toBe('so far');
    await expect
      .poll(() => page.locator('#summary').innerText(), WAIT)
      .toBe('3 purges · 2 pending');
    // Pending purges come first; the completed one went below them.
    const order = await page
      .locator('li.purge-row')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
    expect(order).toEqual([slow, tracked, soon]);
    expect(fake.requests.filter((r) => r.requestId === soon && r.authValid).length).toBeGreaterThan(
      0,
    );
  });

  it('marks a request ID ImageKit does not know as not found, in words', async () => {
    const { page } = await open();
    const unknown = objectIdAt(Date.now());
    await page.locator('#add-input').fill(unknown);
    await page.getByRole('button', { name: 'Track' }).click();
    // Good news passes in the toast; the box beside the input keeps to problems.
    await page.locator('#announcer').getByText('Added 1 purge.').waitFor(WAIT);
    expect(await page.locator('#add-result').innerText()).toBe('');
    expect(await page.locator('#add-input').inputValue()).toBe('');

    await kindOf(page, unknown, 'not_found');
    const line = row(page, unknown);
    expect(await line.locator('.status-word').innerText()).toBe('Not found');
    expect(await line.locator('.purge-error').innerText()).toBe(
      'ImageKit has no purge with this request ID: check the ID and its account.',
    );
    expect(await line.locator('.cell-duration .cell-value').innerText()).toBe('—');
    await line.getByRole('button', { name: 'Check now' }).waitFor({ state: 'hidden' });
  });

  it('shows a banner when ImageKit refuses the key, and resumes checking once a new key is set', async () => {
    const id = objectIdAt(Date.now());
    const { page, fake, tracker, keychain } = await open({
      key: 'wrong',
      before: async ({ fake, tracker }) => {
        fake.addPurge(id, { completeAfterMs: 0 });
        await tracker.add([id]);
      },
    });
    const banner = page.getByRole('alert').filter({ hasText: 'ImageKit refused the private key' });
    await banner.waitFor(WAIT);
    expect(await banner.innerText()).toMatch(
      /Checking is on hold until you replace it with the right private key/,
    );
    expect(tracker.get(id)?.state).toBe('pending');
    // The row says it is on hold and what it waits for, not "Not checked yet".
    await kindOf(page, id, 'held');
    expect(await row(page, id).locator('.purge-error').innerText()).toBe(
      'Waiting for its private key.',
    );

    await banner.getByRole('button', { name: 'Replace key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor(WAIT);
    expect((await focused(page)).id).toBe('key-input');
    expect(await dialog.locator('#key-status').innerText()).toBe('Stored in the test keychain');
    expect(await page.locator('#key-input').getAttribute('type')).toBe('password');
    await screenshot(page, 'settings-light.png');

    // A public key where the private one belongs is refused, with the reason.
    await page.locator('#key-input').fill('public_abcdef123');
    await dialog.getByRole('button', { name: 'Replace key' }).click();
    await expect.poll(() => page.locator('#key-message').innerText(), WAIT).toMatch(/private/i);
    expect(await page.locator('#key-message').getAttribute('data-tone')).toBe('error');

    await page.locator('#key-input').fill(fake.privateKey);
    await page.locator('#key-input').press('Enter');
    await page.locator('#key-message').getByText('Key saved in the test keychain.').waitFor(WAIT);
    expect(keychain.key).toBe(fake.privateKey);
    expect(await page.locator('#key-input').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await banner.waitFor({ state: 'detached', ...WAIT });
    await kindOf(page, id, 'completed');
    expect(fake.requests.some((r) => r.requestId === id && r.authValid)).toBe(true);
    // The key is never shown back, anywhere in the page.
    expect(await page.content()).not.toContain(fake.privateKey);
  });

  it('asks for a key when none is set, and explains a keychain that cannot be used', async () => {
    const { page, keychain } = await open({ key: 'none' });
    const banner = page.locator('.banner').filter({ hasText: 'Add your private key' });
    await banner.waitFor(WAIT);
    expect(await banner.innerText()).toMatch(/Developer options/);
    // A window user is never told about environment variables (the key does not come from one).
    expect(await page.locator('body').innerText()).not.toMatch(/IMAGEKIT_PRIVATE_KEY|environment/);
    await win!.close();
    win = undefined;

    const failing = await open({
      before: ({ keychain }) => {
        // In the core's words, as keytar's failure without a Secret Service makes them.
        keychain.failure = keychainErrorFrom(
          new Error('The name org.freedesktop.secrets was not provided by any .service files'),
          'read',
          'linux',
        );
      },
    });
    const problem = failing.page
      .getByRole('alert')
      .filter({ hasText: 'The keychain cannot be used' });
    await problem.waitFor(WAIT);
    expect(await problem.innerText()).toMatch(/install and start gnome-keyring/);
    expect(await problem.innerText()).not.toMatch(/IMAGEKIT_PRIVATE_KEY/);
    await problem.getByRole('button', { name: 'Open settings' }).click();
    expect(await failing.page.locator('#key-status').innerText()).toBe(
      'Not available: the keychain cannot be read',
    );
    void keychain;
  });

  it('says where a corrupt store file was moved', async () => {
    const { page } = await open({
      recoveredStore: {
        movedTo: '/home/u/.config/purge-watch/purges.corrupt.json',
        reason: 'invalid JSON',
      },
    });
    const banner = page.locator('.banner').filter({ hasText: 'could not be read' });
    await banner.waitFor(WAIT);
    expect(await banner.innerText()).toMatch(
      /moved aside to \/home\/u\/\.config\/purge-watch\/purges\.corrupt\.json \(invalid JSON\)/,
    );
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
  });

  it('removing the last purge says the list is empty while Undo can bring it back, not the first steps', async () => {
    const id = objectIdAt(Date.now() - 1_000);
    const { page, tracker } = await open({
      before: async ({ fake, tracker }) => {
        fake.addPurge(id, { completeAfterMs: Infinity });
        await tracker.add([id]);
      },
    });
    await row(page, id).getByRole('button', { name: 'Remove' }).click();
    await page.locator('#list-emptied').waitFor(WAIT);
    expect(await page.locator('#empty-state').isHidden()).toBe(true);
    const undo = page.locator('#announcer').getByRole('button', { name: 'Undo' });
    await undo.click();
    await row(page, id).waitFor(WAIT);
    expect((await focused(page)).rowId).toBe(id);
    expect(await page.locator('#list-emptied').isHidden()).toBe(true);
    expect(tracker.get(id)).toBeDefined();
  });

  it('removes a purge, clears completed ones, filters by status and searches', async () => {
    const now = Date.now();
    const done = [objectIdAt(now - 5_000), objectIdAt(now - 4_000), objectIdAt(now - 3_000)];
    const waiting = [objectIdAt(now - 2_000), objectIdAt(now - 1_000)];
    const { page, tracker } = await open({
      before: async ({ fake, tracker }) => {
        for (const id of done) fake.addPurge(id, { completeAfterMs: 0 });
        for (const id of waiting) fake.addPurge(id, { completeAfterMs: Infinity });
        await tracker.add([...done, ...waiting]);
      },
    });
    for (const id of done) await kindOf(page, id, 'completed');
    expect(await page.locator('[data-count="completed"]').innerText()).toBe('3');

    await row(page, waiting[0]!).getByRole('button', { name: 'Remove' }).click();
    await row(page, waiting[0]!).waitFor({ state: 'detached', ...WAIT });
    expect(await rowCount(page)).toBe(4);
    await page
      .locator('#announcer')
      .getByText(/^Removed /)
      .waitFor(WAIT);

    await page.locator('label.chip', { hasText: 'Completed' }).click();
    expect(await page.getByRole('radio', { name: /Completed/ }).isChecked()).toBe(true);
    await expect.poll(() => rowCount(page)).toBe(3);
    await page
      .getByRole('searchbox', { name: 'Search by request ID or URL' })
      .fill(done[1]!.slice(-10).toUpperCase());
    await expect.poll(() => rowCount(page)).toBe(1);
    expect(await page.locator('li.purge-row').getAttribute('data-id')).toBe(done[1]);
    await page.getByRole('searchbox').fill(waiting[1]!);
    await page.locator('#no-match').waitFor(WAIT); // pending, but the filter shows completed only
    await page.getByRole('button', { name: 'Show all purges' }).click();
    await expect.poll(() => rowCount(page)).toBe(4);
    expect(await page.getByRole('searchbox').inputValue()).toBe('');

    await page.clock.install(); // the page's clock from here on (it still runs), to skip the undo's
    await page.getByRole('button', { name: 'Clear completed' }).click();
    await expect.poll(() => rowCount(page), WAIT).toBe(1);
    await page.locator('#announcer').getByText('3 completed purges cleared.').waitFor(WAIT);
    // The core forgets them once the undo has run out (the row removed first went then).
    await page.clock.fastForward(UNDO_MS);
    await expect.poll(() => tracker.list().map((p) => p.requestId), WAIT).toEqual([waiting[1]]);
    const clear = page.getByRole('button', { name: 'Clear completed' });
    expect(await clear.getAttribute('aria-disabled')).toBe('true');
    expect((await focused(page)).tag).toBe('button'); // the clicked button keeps focus
  }, 40_000);

  it('purges URLs and tracks the IDs ImageKit returns; copies an ID and opens a URL', async () => {
    const { page, fake } = await open();
    await page.locator('.segmented').getByText('Purge URLs').click();
    expect(await page.getByRole('radio', { name: 'Purge URLs' }).isChecked()).toBe(true);
    const input = page.getByRole('textbox', { name: 'URLs to purge' });
    await input.fill(
      'https://ik.imagekit.io/demo/a.jpg\nhttps://ik.imagekit.io/demo/b.png\nftp://example.com/c.gif',
    );
    await page.getByRole('button', { name: 'Purge' }).click();
    await page
      .locator('#add-result')
      .getByText('Purge requested for 2 URLs, now tracked, 1 entry rejected.')
      .waitFor(WAIT);
    expect(fake.requests.filter((r) => r.endpoint === 'submit')).toHaveLength(2);

    const line = page.locator('li.purge-row[aria-label$=": https://ik.imagekit.io/demo/a.jpg"]');
    await line.waitFor(WAIT);
    const id = await line.getAttribute('data-id');
    await line.getByRole('button', { name: 'Copy request ID' }).click();
    await page.locator('#announcer').getByText('Request ID copied.').waitFor(WAIT);
    expect(win!.copied).toEqual([id]);
    await line.getByRole('button', { name: 'Open URL' }).click();
    await expect.poll(() => win!.opened).toEqual(['https://ik.imagekit.io/demo/a.jpg']);
  });

  it('can be used with the keyboard alone, with visible focus', async () => {
    const now = Date.now();
    const ids = [objectIdAt(now - 3_000), objectIdAt(now - 2_000), objectIdAt(now - 1_000)];
    const { page, tracker, settings } = await open({
      before: ({ fake }) => {
        for (const id of ids) fake.addPurge(id, { completeAfterMs: Infinity });
      },
    });
    // Ctrl+N goes to the add box; Enter adds.
    await page.keyboard.press('Control+n');
    expect((await focused(page)).id).toBe('add-input');
    await page.keyboard.type(ids.join(' '));
    await page.keyboard.press('Enter');
    await page.locator('#announcer').getByText('Added 3 purges.').waitFor(WAIT);

    // Tab reaches the list: one Tab stop, on the first row, with a visible focus ring.
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)).tag === 'li';
    }
    expect(reached).toBe(true);
    const first = await focused(page);
    expect(first.rowId).toBe(ids[2]); // newest first
    expect(first.outline).toBe('solid');

    // Arrows move between rows; Tab goes into the row's buttons; Delete removes the row.
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).rowId).toBe(ids[1]);
    await page.keyboard.press('End');
    expect((await focused(page)).rowId).toBe(ids[0]);
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    const inRow = await focused(page);
    expect([inRow.tag, inRow.rowId]).toEqual(['button', ids[2]]);
    // Escape leaves a row's button for the row, and the row for the list.
    await page.keyboard.press('Escape');
    expect(await focused(page)).toMatchObject({ tag: 'li', rowId: ids[2] });
    // Backspace does not delete (it is too easy to press by mistake); Delete does.
    await page.keyboard.press('Backspace');
    expect(await rowCount(page)).toBe(3);
    await page.keyboard.press('Delete');
    await row(page, ids[2]!).waitFor({ state: 'detached', ...WAIT });
    expect((await focused(page)).rowId).toBe(ids[1]); // focus stays in the list
    // Ctrl+Z brings it back, and it leaves for good only when the undo has run out.
    await page.keyboard.press('Control+z');
    await row(page, ids[2]!).waitFor(WAIT);
    expect(tracker.get(ids[2]!)).toBeDefined();
    // Focus is on the purge brought back, not on the neighbour it had moved to.
    expect((await focused(page)).rowId).toBe(ids[2]);
    await page.keyboard.press('Escape');
    expect((await focused(page)).id).toBe('purge-list-section');

    // Escape clears the add box.
    await page.keyboard.press('Control+n');
    await page.keyboard.type('not an id');
    await page.keyboard.press('Escape');
    expect(await page.locator('#add-input').inputValue()).toBe('');

    // "/" goes to the search box; Escape clears it.
    await page.locator('#purge-list-section').focus();
    await page.keyboard.press('/');
    expect((await focused(page)).id).toBe('search');
    await page.keyboard.type(ids[0]!);
    await expect.poll(() => rowCount(page)).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => rowCount(page)).toBe(3);

    // "?" shows the shortcuts, visibly; Escape closes the list.
    await page.locator('#purge-list-section').focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor(WAIT);
    expect(await help.innerText()).toMatch(/Undo the last removal/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Ctrl+, opens settings; Space toggles; Escape closes.
    await page.keyboard.press('Control+,');
    await page.getByRole('dialog', { name: 'Settings' }).waitFor(WAIT);
    await page.getByRole('checkbox', { name: 'Notify me when a purge completes' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => settings.value.notifications).toBe(false);
    // The sound toggle is offered except on Linux, where the desktop decides.
    const linux = isLinux(await page.evaluate(() => navigator.userAgent));
    expect(await page.locator('#setting-sound').isVisible()).toBe(!linux);
    for (let tab = linux ? 2 : 3; tab > 0; tab--) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).id)).toBe(
      'setting-updates',
    );
    // Space turns update checks off, as it does every toggle.
    await page.keyboard.press('Space');
    await expect.poll(() => settings.value.checkForUpdates).toBe(false);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).id)).toBe(
      'setting-paused',
    );
    await page.keyboard.press('Space');
    await expect.poll(() => tracker.status().pausedFor).toEqual(['user']);
    await page.keyboard.press('Escape');

    // The pause shows as a banner, whose button resumes checking.
    const banner = page.getByRole('status').filter({ hasText: 'Checking is paused' });
    await banner.waitFor(WAIT);
    await banner.getByRole('button', { name: 'Resume checking' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => tracker.status().pausedFor).toEqual([]);
    await banner.waitFor({ state: 'detached', ...WAIT });
  });

  it('undoes a removal: the purge comes back with its history', async () => {
    const id = objectIdAt(Date.now() - 4_000);
    const { page, tracker } = await open({
      before: async ({ fake, tracker }) => {
        fake.addPurge(id, { completeAfterMs: 0 });
        await tracker.add([id]);
      },
    });
    await kindOf(page, id, 'completed');
    const before = tracker.get(id)!;
    const duration = await row(page, id).locator('.cell-duration .cell-value').innerText();

    await row(page, id).getByRole('button', { name: 'Remove' }).click();
    await row(page, id).waitFor({ state: 'detached', ...WAIT });
    expect(await page.locator('#summary').innerText()).toBe('Nothing tracked yet');
    await page.locator('#announcer').getByRole('button', { name: 'Undo' }).click();
    await row(page, id).waitFor(WAIT);
    expect(tracker.get(id)).toEqual(before);
    expect(await row(page, id).locator('.cell-duration .cell-value').innerText()).toBe(duration);
    expect(await row(page, id).getAttribute('data-kind')).toBe('completed');

    // Not undone: it leaves the core when the undo runs out.
    await page.clock.install(); // the page's clock from here on (it still runs), to skip the undo's
    await row(page, id).getByRole('button', { name: 'Remove' }).click();
    await row(page, id).waitFor({ state: 'detached', ...WAIT });
    expect(tracker.get(id)).toEqual(before); // not before the undo has run out
    await page.clock.fastForward(UNDO_MS);
    await expect.poll(() => tracker.get(id), WAIT).toBeUndefined();
    await page.locator('#announcer').getByRole('button', { name: 'Undo' }).waitFor({
      state: 'hidden',
    });
  }, 40_000);

  it('keeps the row under a resting pointer in place while a purge above it completes', async () => {
    const now = Date.now();
    // One paste: the newest submitted first. The first completes soon and then belongs below
    // the pending ones.
    const [soon, middle, last] = [now - 1_000, now - 2_000, now - 3_000].map((t) => objectIdAt(t));
    const { page, fake } = await open({
      viewport: { width: 520, height: 640 },
      before: async ({ fake, tracker }) => {
        fake.addPurge(soon!, { completeAfterMs: Infinity });
        fake.addPurge(middle!, { completeAfterMs: Infinity });
        fake.addPurge(last!, { completeAfterMs: Infinity });
        await tracker.add([soon!, middle!, last!]);
      },
    });
    const ids = () =>
      page
        .locator('li.purge-row')
        .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
    expect(await ids()).toEqual([soon, middle, last]);
    const remove = row(page, last!).getByRole('button', { name: 'Remove' });
    const box = (await remove.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const under = () =>
      page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.closest<HTMLElement>('li')?.dataset.id,
        [box.x + box.width / 2, box.y + box.height / 2],
      );

    fake.completePurge(soon!);
    await kindOf(page, soon!, 'completed'); // repainted in place
    expect(await under()).toBe(last);
    expect(await ids()).toEqual([soon, middle, last]);
    // A completion is said in the live region, by the purge's name.
    await expect
      .poll(() => page.locator('#live').innerText(), WAIT)
      .toBe(`Purge completed: ${soon}.`);

    // The pointer leaves: the completed purge goes where it belongs.
    await page.mouse.move(5, 5);
    await expect.poll(ids, WAIT).toEqual([middle, last, soon]);
  });

  it('batches completions close together into one sentence in the live region', async () => {
    const { page, fake } = await open();
    await page.locator('.segmented').getByText('Purge URLs').click();
    await page
      .getByRole('textbox', { name: 'URLs to purge' })
      .fill('https://ik.imagekit.io/acme/hero.jpg\nhttps://ik.imagekit.io/acme/logo.svg');
    await page.getByRole('button', { name: 'Purge' }).click();
    // Two images: the outcome keeps its warning about their path transformations.
    await addOutcome(page, /Purge requested for 2 URLs/).waitFor(WAIT);
    // Both complete at once, 1.5 s after submission (the fake's default).
    await expect
      .poll(() => page.locator('#live').innerText(), WAIT)
      .toMatch(/^2 purges completed: (hero\.jpg, logo\.svg|logo\.svg, hero\.jpg)\.$/);
    void fake;
  });

  it('asks before deleting the stored key', async () => {
    const { page, keychain, fake } = await open();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Delete stored key' }).click();
    const ask = page.getByRole('group', { name: /Delete the stored key\?/ });
    await ask.waitFor(WAIT);
    expect((await focused(page)).id).toBe('key-delete-yes');
    await ask.getByRole('button', { name: 'Keep it' }).click();
    expect(keychain.key).toBe(fake.privateKey);
    expect((await focused(page)).id).toBe('key-delete');

    await page.getByRole('button', { name: 'Delete stored key' }).click();
    await page.getByRole('button', { name: 'Delete the key' }).click();
    await page.locator('#key-message').getByText('The stored key was deleted.').waitFor(WAIT);
    expect(keychain.key).toBeUndefined();
  });

  it('says under "launch at login" what the system holds back, and follows the system\'s answer', async () => {
    const { page, settings, service } = await open({
      before: ({ settings }) => {
        // Set before, and waiting for approval in System Settings (macOS 13+).
        settings.set({ launchAtLogin: true });
        settings.systemLoginItem.held = 'approval';
      },
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    const launch = page.getByRole('checkbox', { name: 'Start Purge Watch when I log in' });
    const line = page.locator('#setting-launch-status');
    const approval =
      'macOS will start Purge Watch at login once you allow it in System Settings › General › Login Items.';
    await line.getByText(approval).waitFor(WAIT);
    expect(await launch.isChecked()).toBe(true);
    // The checkbox is described by that line (read out with it).
    expect(await launch.getAttribute('aria-describedby')).toBe('setting-launch-status');
    expect(await line.getAttribute('role')).toBe('status');

    // Turned off here: nothing held back any more.
    await launch.uncheck();
    await expect.poll(() => line.innerText()).toBe('');
    expect(settings.systemLoginItem.enabled).toBe(false);

    // On again; the system now holds it back elsewhere (Windows' Task Manager).
    settings.systemLoginItem.held = 'task-manager';
    await launch.check();
    await line
      .getByText(
        'Windows will not start Purge Watch at login: it is turned off in Task Manager › Startup apps. Turn it on there.',
      )
      .waitFor(WAIT);

    // Turned on in the system's settings; the user comes back to the window (the app asks again).
    settings.systemLoginItem.held = undefined;
    service.refreshLoginItem();
    await expect.poll(() => line.innerText()).toBe('');
    expect(await line.isVisible()).toBe(false);
  });

  it('sets the share of the rate limit and how long finished purges stay, from labelled lists', async () => {
    const { page, settings } = await open();
    await page.getByRole('button', { name: 'Settings' }).click();
    const share = page.getByRole('combobox', {
      name: 'Share of your ImageKit rate limit Purge Watch may use',
    });
    const keep = page.getByRole('combobox', { name: 'Keep finished purges in the list for' });
    await share.waitFor(WAIT);
    expect(await share.locator('option:checked').innerText()).toBe('50 %');
    expect(await keep.locator('option:checked').innerText()).toBe('30 days');

    await share.selectOption({ label: '25 %' });
    await expect.poll(() => settings.value.rateShare).toBe(0.25);
    await keep.selectOption({ label: '1 day' });
    await expect.poll(() => settings.value.keepFinishedMs).toBe(24 * 60 * 60_000);
  });
});
