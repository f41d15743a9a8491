// The window with several ImageKit accounts, in real Chromium on the real core against a fake
// ImageKit serving two accounts (production and staging, each knowing only its own purges): the
// account on each row and the filter by account, the paste box's account picker, an ID known only
// to the second account being looked up, a key refused on one account while the other goes on,
// managing accounts in settings, and the layout and accessibility of all of it. With one account
// the window shows none of this. docs/window-accounts.png comes from here.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { KeychainError } from '../../src/core/accounts/keychain';
import { objectIdAt } from '../fake-imagekit/server';
import type { AppWindow, WindowOptions } from './harness';
import {
  WINDOW_SIZES,
  addOutcome,
  checkLayoutState,
  row,
  rowActionsCutOff,
  skipBrowserTests,
  windowsPerTest,
} from './harness';

const WAIT = { timeout: 10_000 };
const KEYS = { production: 'private_productionKey1', staging: 'private_stagingKey2' };
const TWO_ACCOUNTS: WindowOptions = { fake: { accounts: KEYS } };

async function kindOf(page: Page, requestId: string, kind: string): Promise<void> {
  await page.waitForSelector(`li.purge-row[data-id="${requestId}"][data-kind="${kind}"]`, WAIT);
}

function chip(page: Page, requestId: string) {
  return row(page, requestId).locator('.account-chip');
}

function shownIds(page: Page): Promise<(string | undefined)[]> {
  return page
    .locator('li.purge-row')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
}

function activeId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** One purge of each account: production's completes, staging's stays pending. */
async function seedBoth({ fake, tracker }: Pick<AppWindow, 'fake' | 'tracker'>) {
  const now = Date.now();
  const production = fake.addPurge(objectIdAt(now - 3_000), {
    account: 'production',
    completeAfterMs: 0,
  });
  const staging = fake.addPurge(objectIdAt(now - 2_000), {
    account: 'staging',
    completeAfterMs: Infinity,
  });
  await tracker.add([production], { account: 'production' });
  await tracker.add([staging], { account: 'staging' });
  await tracker.submit(['https://ik.imagekit.io/acme/staging/hero.jpg'], 'staging');
  return { production, staging };
}

describe.skipIf(skipBrowserTests())('the window with several accounts', () => {
  const windows = windowsPerTest();

  it('shows no account, filter or picker with a single account', async () => {
    const id = objectIdAt(Date.now());
    const { page, pageErrors } = await windows.open({
      before: async ({ fake, tracker }) => {
        fake.addPurge(id, { completeAfterMs: Infinity });
        await tracker.add([id]);
      },
    });
    await row(page, id).waitFor(WAIT);
    expect(await chip(page, id).isHidden()).toBe(true);
    expect(await row(page, id).getAttribute('aria-label')).toBe(`Pending: request ${id}`);
    expect(await page.locator('#account-filter-box').isHidden()).toBe(true);
    await page.locator('#add-input').focus();
    expect(await page.locator('#add-account-box').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.locator('#key-account-box').isHidden()).toBe(true);
    expect(await page.locator('#default-account-box').isHidden()).toBe(true);
    expect(await page.locator('#account-list').innerText()).toMatch(/^default\nDefault · Key in/);
    expect(pageErrors).toEqual([]);
  });

  it('removing the only account stops tracking its purges and asks for a key', async () => {
    const id = objectIdAt(Date.now());
    const { page, keychain, tracker, pageErrors } = await windows.open({
      before: async ({ fake, tracker }) => {
        fake.addPurge(id, { completeAfterMs: Infinity });
        await tracker.add([id]);
      },
    });
    await row(page, id).waitFor(WAIT);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove default' }).click();
    const remove = page.getByRole('form', { name: /Remove default\?/ });
    // No other account to move them to: they can only stop being tracked.
    expect(await remove.getByRole('radio', { name: 'Move them to' }).isHidden()).toBe(true);
    expect(await remove.getByRole('radio', { name: 'Stop tracking them' }).isChecked()).toBe(true);
    await remove.getByRole('button', { name: 'Remove account' }).click();
    await page
      .locator('#accounts-message')
      .getByText(/default was removed/)
      .waitFor(WAIT);
    expect(keychain.keys.size).toBe(0);
    expect(tracker.get(id)).toBeUndefined();
    await page.keyboard.press('Escape');
    await row(page, id).waitFor({ state: 'detached', ...WAIT });
    await page.locator('.banner', { hasText: 'Add your private key' }).waitFor(WAIT);
    expect(pageErrors).toEqual([]);
  });

  it('names the account on each row and filters by account, from a labelled list', async () => {
    let ids: { production: string; staging: string } | undefined;
    const { page, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: async (core) => {
        ids = await seedBoth(core);
      },
    });
    const { production, staging } = ids!;
    await kindOf(page, production, 'completed');
    await page.waitForSelector('li.purge-row[data-kind="completed"] >> text=hero.jpg', WAIT);
    expect(await chip(page, production).innerText()).toBe('production');
    expect(await chip(page, staging).innerText()).toBe('staging');
    expect(await row(page, staging).getAttribute('aria-label')).toBe(
      `Pending: request ${staging}, account staging`,
    );
    expect(await page.locator('li.purge-row').count()).toBe(3);

    const filter = page.getByRole('combobox', { name: 'Show the purges of' });
    expect(await filter.locator('option').allInnerTexts()).toEqual([
      'All accounts',
      'production',
      'staging',
    ]);
    // Keyboard: Tab from the search box reaches it.
    await page.getByRole('searchbox').focus();
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('account-filter');
    await filter.selectOption('staging');
    await expect.poll(() => page.locator('li.purge-row').count(), WAIT).toBe(2);
    expect(await shownIds(page)).not.toContain(production);
    // With the status filter too: staging's completed purge only (its URL's), not production's.
    await page.locator('label.chip', { hasText: 'Completed' }).click();
    await expect.poll(() => shownIds(page), WAIT).toHaveLength(1);
    // Checked at the CDN (the fake's, standing in for ik.imagekit.io): fresh once it answers.
    await expect
      .poll(() => page.locator('li.purge-row').getAttribute('aria-label'), WAIT)
      .toBe('Completed · fresh: https://ik.imagekit.io/acme/staging/hero.jpg, account staging');
    await filter.selectOption('');
    await expect.poll(() => shownIds(page), WAIT).toHaveLength(2);
    // "Show all purges" resets the account too.
    await filter.selectOption('production');
    await page.getByRole('searchbox').fill(staging);
    await page.locator('#no-match').waitFor(WAIT);
    await page.getByRole('button', { name: 'Show all purges' }).click();
    await expect.poll(() => page.locator('li.purge-row').count(), WAIT).toBe(3);
    expect(await filter.inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('looks up an ID known only to the second account, then tracks it under that account', async () => {
    const id = objectIdAt(Date.now() - 1_000);
    const { page, fake, tracker, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: ({ fake, tracker }) => {
        fake.addPurge(id, { account: 'staging', completeAfterMs: 1_000 });
        tracker.pause('user'); // holds the lookup, so "looking up" can be seen
      },
    });
    const input = page.getByRole('textbox', { name: 'Request IDs to track' });
    await input.focus();
    const picker = page.getByRole('combobox', { name: 'Account' });
    expect(await picker.locator('option').allInnerTexts()).toEqual([
      'Find the account',
      'production (default)',
      'staging',
    ]);
    expect(await picker.inputValue()).toBe('');
    await input.fill(id);
    await input.press('Enter');
    await page.locator('#announcer').getByText('Added 1 purge.').waitFor(WAIT);
    await expect.poll(() => chip(page, id).innerText(), WAIT).toBe('looking up…');

    tracker.resume('user');
    await kindOf(page, id, 'completed');
    expect(await chip(page, id).innerText()).toBe('staging');
    expect(tracker.get(id)?.account).toBe('staging');
    // One "not found" spent on the first account, then staging's answers.
    const asked = fake.requests.filter((r) => r.requestId === id);
    expect(asked.filter((r) => r.account === 'production').map((r) => r.responseStatus)).toEqual([
      400,
    ]);
    expect(asked.some((r) => r.account === 'staging' && r.responseStatus === 200)).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('tracks and purges with the account picked in the paste box', async () => {
    const id = objectIdAt(Date.now() - 1_000);
    const { page, fake, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: ({ fake }) => {
        fake.addPurge(id, { account: 'staging', completeAfterMs: Infinity });
      },
    });
    const input = page.locator('#add-input');
    await input.focus();
    const picker = page.getByRole('combobox', { name: 'Account' });
    await picker.selectOption('staging');
    await input.fill(id);
    await input.press('Enter');
    await page.locator('#announcer').getByText('Added 1 purge.').waitFor(WAIT);
    await expect.poll(() => chip(page, id).innerText(), WAIT).toBe('staging');
    expect(fake.requests.some((r) => r.requestId === id && r.account === 'production')).toBe(false);

    // Purging URLs: the default account is preselected; there is nothing to look up.
    await page.locator('.segmented').getByText('Purge URLs').click();
    await input.focus();
    expect(await picker.locator('option').allInnerTexts()).toEqual([
      'production (default)',
      'staging',
    ]);
    expect(await picker.inputValue()).toBe('production');
    await picker.selectOption('staging');
    await input.fill('https://ik.imagekit.io/acme/staging/logo.svg');
    await page.getByRole('button', { name: 'Purge' }).click();
    await addOutcome(page, /Purge requested for 1 URL/).waitFor(WAIT);
    const submitted = fake.requests.filter((r) => r.endpoint === 'submit');
    expect(submitted.map((r) => r.account)).toEqual(['staging']);
    expect(pageErrors).toEqual([]);
  });

  it("names the account whose key ImageKit refused, while the other account's purge completes", async () => {
    const now = Date.now();
    const ours = objectIdAt(now - 2_000);
    const theirs = objectIdAt(now - 1_000);
    const { page, fake, keychain, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: async ({ fake, tracker }) => {
        fake.refuseKey('staging');
        fake.addPurge(ours, { account: 'production', completeAfterMs: 500 });
        fake.addPurge(theirs, { account: 'staging', completeAfterMs: 0 });
        await tracker.add([ours], { account: 'production' });
        await tracker.add([theirs], { account: 'staging' });
      },
    });
    const banner = page.getByRole('alert').filter({ hasText: 'staging: ImageKit refused the key' });
    await banner.waitFor(WAIT);
    expect(await page.locator('.banner').filter({ hasText: 'production' }).count()).toBe(0);
    await kindOf(page, ours, 'completed');
    await kindOf(page, theirs, 'held');
    expect(await row(page, theirs).getAttribute('aria-label')).toBe(
      `On hold: request ${theirs}, account staging, waiting for its private key`,
    );

    // "Replace key" opens staging's key field.
    await banner.getByRole('button', { name: 'Replace key' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).waitFor(WAIT);
    expect(await activeId(page)).toBe('key-input');
    expect(await page.getByRole('combobox', { name: 'Account', exact: true }).inputValue()).toBe(
      'staging',
    );
    fake.acceptKey('staging');
    await page.locator('#key-input').fill(KEYS.staging);
    await page.locator('#key-input').press('Enter');
    await page.locator('#key-message').getByText('Key saved in the test keychain.').waitFor(WAIT);
    expect(keychain.keys.get('staging')).toBe(KEYS.staging);
    expect(keychain.keys.get('production')).toBe(KEYS.production);
    expect(await page.locator('#key-input').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await banner.waitFor({ state: 'detached', ...WAIT });
    await kindOf(page, theirs, 'completed');
    expect(await page.content()).not.toContain(KEYS.staging);

    // Deleting one account's key, after asking, leaves the other's alone.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption('staging');
    await page.getByRole('button', { name: 'Delete stored key' }).click();
    await page.getByRole('group', { name: 'Delete the key of staging?' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Delete the key' }).click();
    await page.locator('#key-message').getByText('The stored key was deleted.').waitFor(WAIT);
    expect([...keychain.keys.keys()]).toEqual(['production']);
    expect(pageErrors).toEqual([]);
  });

  it("names the account ImageKit's rate limit holds, while the other account's purge completes", async () => {
    const now = Date.now();
    const ours = objectIdAt(now - 2_000);
    const theirs = objectIdAt(now - 1_000);
    const { page, fake, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: async ({ fake, tracker }) => {
        fake.inject('rate_limited', { account: 'staging', resetMs: 120_000 });
        fake.addPurge(ours, { account: 'production', completeAfterMs: 500 });
        fake.addPurge(theirs, { account: 'staging', completeAfterMs: 0 });
        await tracker.add([theirs], { account: 'staging' });
        await tracker.add([ours], { account: 'production' });
      },
    });
    const banner = page
      .getByRole('status')
      .filter({ hasText: "staging: ImageKit's rate limit was reached" });
    await banner.waitFor(WAIT);
    expect(await banner.innerText()).toMatch(/Checks of this account's purges resume in 2 min\./);
    await kindOf(page, ours, 'completed');
    expect(await row(page, theirs).getAttribute('data-kind')).toBe('pending');
    expect(fake.requests.filter((r) => r.requestId === theirs)).toHaveLength(1);
    expect(await page.locator('.banner', { hasText: 'production' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('adds, renames, makes default and removes an account in settings, keyboard only', async () => {
    let id = '';
    const { page, fake, keychain, settings, tracker, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: async ({ fake, service, tracker }) => {
        await service.handlers.deletePrivateKey({ account: 'staging' });
        id = fake.addPurge(objectIdAt(Date.now() - 1_000), { completeAfterMs: Infinity });
        await tracker.add([id]);
      },
    });
    await row(page, id).waitFor(WAIT);
    expect(await chip(page, id).isHidden()).toBe(true); // one account yet
    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor(WAIT);
    const list = page.locator('#account-list');
    expect(await list.locator('li').count()).toBe(1);

    // Add: the name is checked as it is typed; the key is write-only.
    await page.locator('#account-add-open').focus();
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('account-name');
    await page.keyboard.type('environment');
    const nameProblem = page.locator('#account-name-problem');
    expect(await nameProblem.innerText()).toMatch(/"environment" is the name of the key/);
    expect(await page.locator('#account-name').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('stag ing');
    expect(await nameProblem.innerText()).toMatch(/letters, digits/);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('staging');
    expect(await nameProblem.innerText()).toBe('');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('account-key');
    await page.keyboard.type('public_notTheOne');
    await page.keyboard.press('Enter');
    // The main process refuses it: said beside the action; the name stays, the key does not.
    await expect
      .poll(() => page.locator('#account-add-message').innerText(), WAIT)
      .toMatch(/public/i);
    expect(await page.locator('#account-name').inputValue()).toBe('staging');
    expect(await page.locator('#account-key').inputValue()).toBe('');
    expect(await activeId(page)).toBe('account-key');
    await page.keyboard.type(fake.keyOf('staging'));
    await page.keyboard.press('Enter');
    await page.locator('#accounts-message').getByText('Account staging added').waitFor(WAIT);
    expect(keychain.keys.get('staging')).toBe(KEYS.staging);
    await expect.poll(() => list.locator('li').count(), WAIT).toBe(2);
    expect(await page.content()).not.toContain(KEYS.staging);
    await expect.poll(() => chip(page, id).innerText(), WAIT).toBe('production');

    // Default: a labelled list.
    const choice = page.getByRole('combobox', { name: 'Default account' });
    await choice.focus();
    await choice.selectOption('staging');
    await expect.poll(() => settings.value.defaultAccount).toBe('staging');
    await expect
      .poll(() => list.locator('li').first().innerText(), WAIT)
      .toMatch(/^staging\nDefault · /);

    // Rename staging to qa (the default setting follows).
    await page.getByRole('button', { name: 'Rename staging' }).focus();
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('account-new-name');
    await page.keyboard.type('production');
    expect(await page.locator('#account-new-name-problem').innerText()).toBe(
      'There is already an account named "production".',
    );
    await page.keyboard.press('Control+a');
    await page.keyboard.type('qa');
    // A keychain error is said beside the action; the new name stays typed.
    keychain.failure = new KeychainError('locked', 'The keychain is locked: unlock it and retry.');
    await page.keyboard.press('Enter');
    await page
      .locator('#account-rename-message')
      .getByText('The keychain is locked: unlock it and retry.')
      .waitFor(WAIT);
    expect(await page.locator('#account-new-name').inputValue()).toBe('qa');
    expect(await activeId(page)).toBe('account-new-name');
    keychain.failure = undefined;
    await page.keyboard.press('Enter');
    await page.locator('#accounts-message').getByText('staging is now named qa.').waitFor(WAIT);
    expect([...keychain.keys.keys()].sort()).toEqual(['production', 'qa']);
    expect(settings.value.defaultAccount).toBe('qa');
    expect(await activeId(page)).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Rename qa',
    );

    // Remove production: its purges move to qa.
    await page.getByRole('button', { name: 'Remove production' }).focus();
    await page.keyboard.press('Enter');
    const remove = page.getByRole('form', { name: /Remove production\?/ });
    await remove.waitFor(WAIT);
    expect(await remove.getByRole('radio', { name: 'Move them to' }).isChecked()).toBe(true);
    expect(
      await remove.getByRole('combobox', { name: 'Account to move its purges to' }).inputValue(),
    ).toBe('qa');
    await remove.getByRole('button', { name: 'Remove account' }).focus();
    await page.keyboard.press('Enter');
    await page
      .locator('#accounts-message')
      .getByText("production was removed; its purges are now qa's.")
      .waitFor(WAIT);
    expect([...keychain.keys.keys()]).toEqual(['qa']);
    expect(tracker.get(id)?.account).toBe('qa');
    await expect.poll(() => list.locator('li').count(), WAIT).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await chip(page, id).isHidden()).toBe(true); // one account again
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('says a name taken behind its back (another program, another case) beside the rename, and reports clashing names', async () => {
    const { page, keychain, service, pageErrors } = await windows.open({
      ...TWO_ACCOUNTS,
      before: async ({ service }) => {
        await service.handlers.deletePrivateKey({ account: 'staging' });
      },
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    const list = page.locator('#account-list');
    await expect.poll(() => list.locator('li').count(), WAIT).toBe(1);
    // `purge-watch key set --account Staging` in a terminal, after the window read the accounts.
    keychain.keys.set('Staging', KEYS.staging);
    await page.getByRole('button', { name: 'Rename production' }).click();
    await page.locator('#account-new-name').fill('staging');
    await page.keyboard.press('Enter');
    await page
      .locator('#account-rename-message')
      .getByText(
        'There is already an account named "Staging": names that differ only in case name one account.',
      )
      .waitFor(WAIT);
    expect([keychain.keys.get('production'), keychain.keys.get('Staging')]).toEqual([
      KEYS.production,
      KEYS.staging,
    ]);
    expect(keychain.keys.has('staging')).toBe(false);
    // The list now shows what the keychain holds, and the field says it too as it is typed.
    await expect.poll(() => list.locator('li').count(), WAIT).toBe(2);
    await page.locator('#account-new-name').fill('STAGING');
    expect(await page.locator('#account-new-name-problem').innerText()).toMatch(
      /already an account named "Staging"/,
    );

    // Names that differ only in case, from before they were refused: both kept, and said.
    keychain.keys.set('staging', 'private_olderStagingKey5');
    await service.handlers.setSettings({ defaultAccount: '' }); // reads the accounts again
    await page
      .locator('#accounts-problem')
      .getByText(/The accounts "staging" and "Staging" have names that differ only in case/)
      .waitFor(WAIT);
    expect(await list.locator('li').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });

  it('lists the IMAGEKIT_PRIVATE_KEY account read-only, and its key is not set here', async () => {
    const id = objectIdAt(Date.now() - 1_000);
    const { page, pageErrors } = await windows.open({
      fake: { accounts: { production: KEYS.production, env: 'private_fromTheEnvironment3' } },
      environmentAccount: 'env',
      before: async ({ fake, tracker }) => {
        fake.addPurge(id, { account: 'env', completeAfterMs: 0 });
        await tracker.add([id]);
      },
    });
    // The lookup asks the environment's key first (no default chosen): it knows the ID.
    await kindOf(page, id, 'completed');
    expect(await chip(page, id).innerText()).toBe('environment');
    await page.getByRole('button', { name: 'Settings' }).click();
    const item = page.locator('#account-list li[data-account="environment"]');
    expect(await item.innerText()).toMatch(/Key from IMAGEKIT_PRIVATE_KEY \(read-only here\)/);
    expect(await item.getByRole('button').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Account', exact: true }).selectOption('environment');
    expect(await page.locator('#key-status').innerText()).toBe(
      'Set by the IMAGEKIT_PRIVATE_KEY environment variable',
    );
    expect(await page.locator('#key-form').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Delete stored key' }).isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  for (const size of ['default', 'minimum', 'zoom200'] as const) {
    it(`lays out two accounts at ${size} (${WINDOW_SIZES[size].viewport.width} px), accessibly`, async () => {
      let ids: { production: string; staging: string } | undefined;
      const { page, pageErrors } = await windows.open({
        ...WINDOW_SIZES[size],
        ...TWO_ACCOUNTS,
        before: async (core) => {
          core.fake.refuseKey('staging');
          ids = await seedBoth(core);
        },
      });
      await kindOf(page, ids!.production, 'completed');
      await page.locator('.banner', { hasText: 'staging: ImageKit refused the key' }).waitFor(WAIT);
      await page.locator('#add-input').focus();
      await page.mouse.move(0, 0);
      // At the default size: the README's picture of several accounts.
      await checkLayoutState(
        page,
        `${size}-accounts`,
        size === 'default' ? { light: 'window-accounts.png' } : {},
      );
      // The chip never pushes the row's actions out of view.
      expect(await rowActionsCutOff(page)).toEqual([]);

      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor(WAIT);
      await page.getByRole('button', { name: 'Add an account' }).click();
      await page.locator('#account-name').fill('bad name');
      await checkLayoutState(page, `${size}-accounts-settings`);
      await page.getByRole('button', { name: 'Remove staging' }).click();
      await checkLayoutState(page, `${size}-accounts-remove`);
      expect(pageErrors).toEqual([]);
    }, 90_000);
  }
});
