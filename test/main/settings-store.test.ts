// Settings in their own file (conf here, electron-store in the app, same options): defaults,
// schema, the 0.1.0 migration, mode 0600, launch at login applied through the login item.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecoveredStore } from '../../src/core/storage/store-file';
import { openStoreFile } from '../../src/core/storage/store-file';
import type { SettingsFile } from '../../src/main/profile/settings-store';
import { settingsStoreOptions, SettingsStore } from '../../src/main/profile/settings-store';
import type { Settings } from '../../src/shared/settings';
import { DEFAULT_SETTINGS, SETTING_NAMES, SETTINGS } from '../../src/shared/settings';
import { VirtualClock } from '../support/virtual-clock';
import { MemoryLoginItem } from './fixtures';

const DAY = 24 * 60 * 60_000;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-settings-'));
});
afterEach(() => {
  for (const made of [dir, away()]) fs.rmSync(made, { recursive: true, force: true });
});

/** Where the profile's folder goes when it goes (a drive unmounted). */
const away = () => `${dir}.away`;

/** The folder goes, and a file is where it was: nothing in it can be written, even by root. */
function loseFolder(): void {
  fs.renameSync(dir, away());
  fs.writeFileSync(dir, '');
}

function folderBack(): void {
  fs.rmSync(dir);
  fs.renameSync(away(), dir);
}

/** The settings file, as the app opens it (conf here, electron-store there). */
function conf(version = '0.1.0') {
  return new Conf<Settings>({
    ...settingsStoreOptions,
    cwd: dir,
    projectName: 'purge-watch',
    projectVersion: version,
  });
}

function open(version = '0.1.0') {
  const file = path.join(dir, 'settings.json');
  let recovered: RecoveredStore | undefined;
  const store = openStoreFile(
    () => conf(version),
    file,
    { now: () => Date.UTC(2026, 0, 1) },
    (moved) => (recovered = moved),
  );
  return { recovered, file, store: store as unknown as SettingsFile };
}

describe('SettingsStore', () => {
  it('starts with the defaults: notifications on with their sound, not snoozed, launch at login off, looking for updates, half the rate limit, finished purges kept 30 days, the default account chosen by lookup order, the CDN checked after a URL purge, the window opened by Ctrl+Alt+Shift+P', () => {
    const { store } = open();
    expect(new SettingsStore(store, new MemoryLoginItem()).get()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({
      notifications: true,
      snoozedUntil: 0,
      launchAtLogin: false,
      checkForUpdates: true,
      rateShare: 0.5,
      keepFinishedMs: 30 * DAY,
      defaultAccount: '',
      verifyFreshness: true,
      notificationSound: true,
      openWindowShortcutOn: true,
      openWindowShortcut: 'CommandOrControl+Alt+Shift+P',
    });
  });

  it('keeps "Look for new versions" off once turned off', () => {
    const { store } = open();
    new SettingsStore(store, new MemoryLoginItem()).set({ checkForUpdates: false });
    expect(new SettingsStore(open().store, new MemoryLoginItem()).get().checkForUpdates).toBe(
      false,
    );
  });

  it('keeps the notification sound and the shortcut; a hand-edited shortcut Electron cannot take reads as the default', () => {
    const { store } = open();
    const settings = new SettingsStore(store, new MemoryLoginItem());
    settings.set({ notificationSound: false, openWindowShortcut: 'Control+Alt+W' });
    expect(new SettingsStore(open().store, new MemoryLoginItem()).get()).toMatchObject({
      notificationSound: false,
      openWindowShortcut: 'Control+Alt+W',
    });
    store.set('openWindowShortcut', 'P');
    expect(settings.get().openWindowShortcut).toBe('CommandOrControl+Alt+Shift+P');
  });

  it('keeps changes in a file only the user can read', () => {
    const { store, file } = open();
    const settings = new SettingsStore(store, new MemoryLoginItem());
    settings.set({ notifications: false, snoozedUntil: 123 });
    expect(new SettingsStore(open().store, new MemoryLoginItem()).get()).toMatchObject({
      notifications: false,
      snoozedUntil: 123,
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('moves a corrupt file aside and starts from the defaults', () => {
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"notifications": tru');
    const { store, recovered } = open();
    expect(recovered?.movedTo).toMatch(/settings\.json\.corrupt-/);
    expect(fs.existsSync(recovered!.movedTo)).toBe(true);
    expect(new SettingsStore(store, new MemoryLoginItem()).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('says where a corrupt file went though a fresh one cannot be made (a full disk)', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"notifications": tru');
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    let opens = 0;
    const told: RecoveredStore[] = [];
    const opening = () => {
      if (opens++ > 0) throw full;
      return conf();
    };
    expect(() =>
      openStoreFile(opening, file, { now: () => 0 }, (moved) => told.push(moved)),
    ).toThrow('ENOSPC');
    expect(told).toEqual([
      { movedTo: expect.stringMatching(/settings\.json\.corrupt-/), reason: expect.any(String) },
    ]);
    expect(fs.readFileSync(told[0]!.movedTo, 'utf8')).toBe('{"notifications": tru');
  });

  it('keeps the rate-limit share, how long finished purges stay and the default account across a restart', () => {
    const settings = new SettingsStore(open().store, new MemoryLoginItem());
    settings.set({ rateShare: 0.25, keepFinishedMs: 7 * DAY, defaultAccount: 'client-a' });
    expect(new SettingsStore(open().store, new MemoryLoginItem()).get()).toMatchObject({
      rateShare: 0.25,
      keepFinishedMs: 7 * DAY,
      defaultAccount: 'client-a',
    });
  });

  it('refuses values the schema does not allow', () => {
    const { store } = open();
    expect(() => store.set('snoozedUntil', -5)).toThrow();
    expect(() => store.set('rateShare', 0)).toThrow();
    expect(() => store.set('rateShare', 1.5)).toThrow();
    expect(() => store.set('keepFinishedMs', 1_000)).toThrow();
    expect(() => store.set('keepFinishedMs', DAY + 0.5)).toThrow();
  });

  it('accepts in the file every value the window may set, and reads it back as set', () => {
    const samples: unknown[] = [true, false, 0, 0.01, 0.5, 1, 60 * 60_000, 7 * DAY, 365 * DAY];
    samples.push(Date.UTC(2026, 0, 1), '', 'client-a', 'environment', 'a'.repeat(40));
    for (const name of SETTING_NAMES) {
      const setting = SETTINGS[name] as { holds(value: unknown): boolean };
      for (const value of samples.filter((sample) => setting.holds(sample))) {
        const { store } = open();
        store.set(name, value);
        expect(new SettingsStore(open().store, new MemoryLoginItem()).get()[name]).toBe(value);
      }
    }
  });

  it('reads a hand-edited out-of-range share or keep time as the default', () => {
    fs.writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ rateShare: 7, keepFinishedMs: -1 }),
    );
    const { store } = open();
    expect(new SettingsStore(store, new MemoryLoginItem()).get()).toMatchObject({
      rateShare: 0.5,
      keepFinishedMs: 30 * DAY,
    });
  });

  it('switches the login item with the setting; a refusal changes nothing', () => {
    const login = new MemoryLoginItem();
    const settings = new SettingsStore(open().store, login);
    expect(settings.set({ launchAtLogin: true }).launchAtLogin).toBe(true);
    expect(login.enabled).toBe(true);
    login.failing = true;
    expect(() => settings.set({ launchAtLogin: false, notifications: false })).toThrow(
      'Could not change launch at login: EACCES: permission denied',
    );
    expect(settings.get()).toMatchObject({ launchAtLogin: true, notifications: true });
  });

  it('reads the login item back: a change the system did not make is an error, and what holds it back is told', () => {
    const login = new MemoryLoginItem();
    const settings = new SettingsStore(open().store, login);
    login.ignoring = true; // macOS answers 'not-found': nothing was registered
    expect(() => settings.set({ launchAtLogin: true })).toThrow(
      'Could not change launch at login: the system did not add the login item.',
    );
    expect(settings.get().launchAtLogin).toBe(false);
    login.ignoring = false;
    login.held = 'task-manager';
    expect(settings.set({ launchAtLogin: true }).launchAtLogin).toBe(true);
    expect(settings.loginItemStatus()).toEqual({ on: true, held: 'task-manager' });
  });

  it('takes the login item as the truth at start (removed in the system settings)', () => {
    const login = new MemoryLoginItem();
    const settings = new SettingsStore(open().store, login);
    settings.set({ launchAtLogin: true });
    login.enabled = false;
    expect(settings.reconcile().launchAtLogin).toBe(false);
  });

  it('applies a change the file cannot take, says why naming the file, and saves it within a minute once the folder is back', async () => {
    const clock = new VirtualClock();
    const { store, file } = open();
    const settings = new SettingsStore(store, new MemoryLoginItem(), { clock });
    const heard: (string | undefined)[] = [];
    settings.onProblem(() => heard.push(settings.problem));
    settings.set({ rateShare: 0.25 });
    loseFolder();

    expect(settings.set({ notifications: false })).toMatchObject({
      notifications: false,
      rateShare: 0.25,
    });
    expect(settings.get()).toMatchObject({ notifications: false, rateShare: 0.25 });
    expect(settings.problem).toMatch(`The settings could not be saved to ${file} (E`);
    await clock.advance(5 * 60_000);
    expect(settings.problem).toMatch(`The settings could not be saved to ${file} (E`);

    folderBack();
    await clock.advance(60_000);
    expect(settings.problem).toBeUndefined();
    expect(heard).toEqual([expect.stringContaining(file), undefined]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      notifications: false,
      rateShare: 0.25,
    });
    settings.close();
  });

  it('takes the login item as the truth at start though the file cannot take it: applied, said, not thrown (the app did not start)', () => {
    const login = new MemoryLoginItem();
    const settings = new SettingsStore(open().store, login);
    login.enabled = true; // turned on in the system's settings while the app was not running
    loseFolder();
    expect(settings.reconcile().launchAtLogin).toBe(true);
    expect(settings.problem).toMatch('The settings could not be saved to ');
    settings.close();
  });

  it('saves what waits with the next change', () => {
    const clock = new VirtualClock();
    const { store, file } = open();
    const settings = new SettingsStore(store, new MemoryLoginItem(), { clock });
    loseFolder();
    settings.set({ notifications: false });
    expect(settings.problem).toBeDefined();
    folderBack();
    settings.set({ checkForUpdates: false });
    expect(settings.problem).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      notifications: false,
      checkForUpdates: false,
    });
    settings.close();
  });
});
