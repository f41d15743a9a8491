// Settings: the private key (masked entry, never shown back: only where it is stored, with
// replace and delete, which asks to confirm first) of the account chosen (with several), the
// accounts (account-settings.ts), notifications and their sound, checking the CDN after a URL
// purge, launch at login, update checks (and the updater's state: update-setting.ts), checking paused, the shortcut that opens the window
// from any app (shortcut-setting.ts), the share of the rate limit to spend and how long finished
// purges stay.
import type { AccountInfo } from '../shared/account';
import type {
  AccountsState,
  KeyStatus,
  LoginItemStatus,
  PurgeWatchApi,
  ShortcutStatus,
} from '../shared/ipc';
import type { Settings } from '../shared/settings';
import type { TrackerStatus } from '../shared/purge';
import type { UpdateStatus } from '../shared/update';
import { invokeErrorMessage } from './invoke-error';
import { byId, focusFallback } from './page-elements';
import { showFormMessage } from './form-message';
import { formatDuration } from '../shared/format';
import { keyStatusText } from './view-model';
import { isLinux } from './keyboard';
import { AccountSettings } from './account-settings';
import { ShortcutSetting } from './shortcut-setting';
import { UpdateSetting } from './update-setting';
import { LOGIN_ITEM_WORDS } from './window-words';

export class SettingsPanel {
  private readonly dialog = byId<HTMLDialogElement>('settings-dialog');
  private readonly keyAccountBox = byId('key-account-box');
  private readonly keyAccount = byId<HTMLSelectElement>('key-account');
  private readonly keyStatus = byId('key-status');
  private readonly keyForm = byId<HTMLFormElement>('key-form');
  private readonly keyInput = byId<HTMLInputElement>('key-input');
  private readonly keyInputLabel = byId('key-input-label');
  private readonly keySave = byId<HTMLButtonElement>('key-save');
  private readonly keyDelete = byId<HTMLButtonElement>('key-delete');
  private readonly keyMessage = byId('key-message');
  private readonly deleteConfirm = byId('key-delete-confirm');
  private readonly deleteYes = byId<HTMLButtonElement>('key-delete-yes');
  private readonly deleteAsk = byId('key-delete-ask');
  private readonly accountSettings: AccountSettings;
  /** The key status last heard of each account (the default's from the snapshot). */
  private readonly keys = new Map<string, KeyStatus>();
  private accounts: readonly AccountInfo[] = [];
  /** The accounts the key section offers: those there are, and those held without a key. */
  private keyAccounts: readonly string[] = [];
  /** The account whose key the key section shows; the default one's at first. */
  private keyAccountName: string | undefined;
  private keychain = 'the keychain';
  private readonly notifications = byId<HTMLInputElement>('setting-notifications');
  private readonly sound = byId<HTMLInputElement>('setting-sound');
  private readonly shortcut: ShortcutSetting;
  private readonly launch = byId<HTMLInputElement>('setting-launch');
  private readonly launchStatus = byId('setting-launch-status');
  private readonly verify = byId<HTMLInputElement>('setting-verify');
  private readonly updates = byId<HTMLInputElement>('setting-updates');
  private readonly update: UpdateSetting;
  private readonly paused = byId<HTMLInputElement>('setting-paused');
  private readonly rateShare = byId<HTMLSelectElement>('setting-rate-share');
  private readonly keepFinished = byId<HTMLSelectElement>('setting-keep-finished');
  private readonly settingsMessage = byId('settings-message');
  /** A key is being saved or deleted (buttons stay enabled: disabling one drops its focus). */
  private saving = false;

  constructor(private readonly api: PurgeWatchApi) {
    byId('settings-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close(); // a click on the backdrop
    });
    this.dialog.addEventListener('close', () => {
      // What opened it is gone (a banner's "Replace key", its key replaced since): to the list.
      const focus = document.activeElement;
      if (!focus || focus === document.body || this.dialog.contains(focus)) focusFallback();
      this.keyInput.value = '';
      showFormMessage(this.keyMessage, '');
      this.askDelete(false);
      this.accountSettings.reset();
    });
    this.accountSettings = new AccountSettings(api);
    this.keyAccount.addEventListener('change', () => {
      this.keyAccountName = this.keyAccount.value;
      this.keyInput.value = '';
      showFormMessage(this.keyMessage, '');
      this.askDelete(false);
      this.showKeyAccount();
    });
    this.keyForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveKey();
    });
    this.keyDelete.addEventListener('click', () => this.askDelete(true));
    byId('key-delete-no').addEventListener('click', () => this.askDelete(false));
    this.deleteYes.addEventListener('click', () => void this.deleteKey());
    this.bindToggle(this.notifications, (on) => this.api.setSettings({ notifications: on }));
    this.bindToggle(this.sound, (on) => this.api.setSettings({ notificationSound: on }));
    // Electron hands Linux's notification service no sound setting: the desktop decides there.
    if (isLinux()) {
      byId('setting-sound-box').hidden = true;
      byId('setting-sound-desktop').hidden = false;
    }
    this.shortcut = new ShortcutSetting(api);
    this.bindToggle(this.launch, (on) => this.api.setSettings({ launchAtLogin: on }));
    this.bindToggle(this.verify, (on) => this.api.setSettings({ verifyFreshness: on }));
    this.bindToggle(this.updates, (on) => this.api.setSettings({ checkForUpdates: on }));
    this.update = new UpdateSetting(api);
    this.bindToggle(this.paused, (on) => this.api.setPollingPaused({ paused: on }));
    this.bindChoice(this.rateShare, (share) => this.api.setSettings({ rateShare: share }));
    this.bindChoice(this.keepFinished, (ms) => this.api.setSettings({ keepFinishedMs: ms }));
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  /** Opens settings; with 'key', at the key field of `account` (default: the one shown). */
  open(focus: 'key' | 'first' = 'first', account?: string): void {
    if (!this.dialog.open) {
      this.update.render();
      this.dialog.showModal();
    }
    if (account !== undefined && this.keyAccounts.includes(account)) {
      this.keyAccountName = account;
      this.showKeyAccount();
    }
    if (focus === 'key') (this.keyForm.hidden ? this.keyAccount : this.keyInput).focus();
  }

  /** An account's key status (the default account's from the snapshot, or a change). */
  showKey(key: KeyStatus): void {
    this.keys.set(key.account, key);
    this.keychain = key.keychain;
    this.keyAccountName ??= key.account;
    this.showKeyAccount();
  }

  /** The accounts there are; `held` names those whose purges wait for a key they lack. */
  showAccounts(state: AccountsState, held: readonly string[]): void {
    this.accounts = state.accounts;
    const names = state.accounts.map((account) => account.name);
    this.keyAccounts = [...names, ...held.filter((name) => !names.includes(name))];
    this.accountSettings.showAccounts(state, this.keychain);
    if (this.keyAccountName === undefined || !this.keyAccounts.includes(this.keyAccountName)) {
      this.keyAccountName = state.accounts.find((a) => a.isDefault)?.name ?? this.keyAccountName;
    }
    this.showKeyAccount();
  }

  /** The key section for the account chosen: its picker (with several), where its key is. */
  private showKeyAccount(): void {
    const several = this.keyAccounts.length > 1;
    this.keyAccountBox.hidden = !several;
    const current = [...this.keyAccount.options].map((option) => option.value);
    if (String(current) !== String(this.keyAccounts)) {
      this.keyAccount.replaceChildren(...this.keyAccounts.map((name) => new Option(name, name)));
    }
    const name = this.keyAccountName;
    if (name === undefined) return;
    if (this.keyAccounts.includes(name)) this.keyAccount.value = name;
    const key = this.keyStatusOf(name);
    this.keyStatus.textContent = keyStatusText(key);
    this.keyStatus.dataset.source = key.source;
    const stored = key.source === 'keychain';
    // The environment's key is changed where it is set, not here (with one account, as always:
    // a key saved here goes to the keychain).
    this.keyForm.hidden = several && key.source === 'environment';
    this.keyInputLabel.textContent = stored ? 'Replace the key' : 'Private key';
    this.keySave.textContent = stored ? 'Replace key' : 'Save key';
    this.keyDelete.hidden = !stored || !this.deleteConfirm.hidden;
    if (!stored) this.deleteConfirm.hidden = true;
    this.deleteAsk.textContent = several
      ? `Delete the key of ${name}? Its purges wait until it has a key again.`
      : 'Delete the stored key? Purge Watch stops checking until you set a key again.';
  }

  /** Where an account's key comes from, as the accounts list last said. */
  private keyStatusOf(name: string): KeyStatus {
    const info = this.accounts.find((account) => account.name === name);
    const known = this.keys.get(name);
    // A keychain that cannot be read says so, whatever the accounts listed before said.
    if (known?.problem || (known && !info)) return known;
    if (!info) return { account: name, source: 'none', keychain: this.keychain };
    return { account: name, source: info.source, keychain: this.keychain };
  }

  /** The account a key is saved or deleted for: named only with several. */
  private keyTarget(): string | undefined {
    return this.keyAccounts.length > 1 ? this.keyAccountName : undefined;
  }

  /** Shows (or takes back) the question before the key is deleted. */
  private askDelete(ask: boolean): void {
    const wasAsking = !this.deleteConfirm.hidden;
    this.deleteConfirm.hidden = !ask;
    this.keyDelete.hidden = ask || this.keyStatus.dataset.source !== 'keychain';
    if (ask) this.deleteYes.focus();
    else if (wasAsking && this.dialog.open && !this.keyDelete.hidden) this.keyDelete.focus();
  }

  showSettings(settings: Settings): void {
    this.accountSettings.showSettings(settings);
    this.notifications.checked = settings.notifications;
    this.sound.checked = settings.notificationSound;
    this.shortcut.showSettings(settings);
    this.launch.checked = settings.launchAtLogin;
    this.verify.checked = settings.verifyFreshness;
    this.updates.checked = settings.checkForUpdates;
    this.update.showChecksOn(settings.checkForUpdates);
    showChoice(this.rateShare, settings.rateShare, `${Math.round(settings.rateShare * 100)} %`);
    showChoice(this.keepFinished, settings.keepFinishedMs, formatDuration(settings.keepFinishedMs));
  }

  /** Auto-update's state (undefined: the app has no updater here). */
  showUpdate(status: UpdateStatus | undefined): void {
    this.update.showStatus(status);
  }

  /** Whether the shortcut that opens the window works (undefined: the app offers none). */
  showShortcut(status: ShortcutStatus | undefined): void {
    this.shortcut.showStatus(status);
  }

  /**
   * What the system says of launch at login, under its setting: nothing when it will start the
   * app at login (or the setting is off), else what holds it back and where to change that.
   */
  showLoginItem(status: LoginItemStatus | undefined): void {
    const text = status?.on && status.held ? LOGIN_ITEM_WORDS[status.held] : '';
    // Said again only when it changed (a status region reads out every new text).
    if (this.launchStatus.textContent !== text) showFormMessage(this.launchStatus, text, 'error');
  }

  showStatus(status: TrackerStatus): void {
    this.paused.checked = status.pausedFor.includes('user');
  }

  private bindToggle(input: HTMLInputElement, apply: (on: boolean) => Promise<unknown>): void {
    // Never disabled while saving: a disabled control drops keyboard focus.
    input.addEventListener('change', () => {
      const wanted = input.checked;
      apply(wanted)
        .then(() => showFormMessage(this.settingsMessage, ''))
        .catch((error: unknown) => {
          input.checked = !wanted;
          showFormMessage(this.settingsMessage, invokeErrorMessage(error), 'error');
        });
    });
  }

  private bindChoice(select: HTMLSelectElement, apply: (value: number) => Promise<unknown>): void {
    select.addEventListener('change', () => {
      apply(Number(select.value))
        .then(() => showFormMessage(this.settingsMessage, ''))
        .catch((error: unknown) => {
          // Back to the value last saved (showChoice keeps it).
          select.value = select.dataset.saved ?? select.value;
          showFormMessage(this.settingsMessage, invokeErrorMessage(error), 'error');
        });
    });
  }

  private async saveKey(): Promise<void> {
    const key = this.keyInput.value;
    if (key.trim() === '') {
      showFormMessage(this.keyMessage, 'Paste your private key first.', 'error');
      this.keyInput.focus();
      return;
    }
    if (this.saving) return;
    this.saving = true;
    this.keySave.setAttribute('aria-disabled', 'true');
    try {
      this.keyInput.value = ''; // sent once; never kept in the page
      const account = this.keyTarget();
      const status = await this.api.setPrivateKey(account ? { key, account } : { key });
      this.showKey(status);
      showFormMessage(
        this.keyMessage,
        status.source === 'keychain' ? `Key saved in ${status.keychain}.` : 'Key saved.',
        'success',
      );
    } catch (error) {
      showFormMessage(this.keyMessage, invokeErrorMessage(error), 'error');
      this.keyInput.focus();
    } finally {
      this.saving = false;
      this.keySave.removeAttribute('aria-disabled');
    }
  }

  private async deleteKey(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    try {
      const account = this.keyTarget();
      const status = await this.api.deletePrivateKey(account ? { account } : undefined);
      this.deleteConfirm.hidden = true;
      this.showKey(status);
      showFormMessage(this.keyMessage, 'The stored key was deleted.', 'success');
      this.keyInput.focus();
    } catch (error) {
      showFormMessage(this.keyMessage, invokeErrorMessage(error), 'error');
    } finally {
      this.saving = false;
    }
  }
}

/** Selects `value`, adding it as an option first when the list lacks it (a hand-edited file). */
function showChoice(select: HTMLSelectElement, value: number, label: string): void {
  const text = String(value);
  if (![...select.options].some((option) => option.value === text)) {
    select.add(new Option(label, text));
  }
  select.value = text;
  select.dataset.saved = text;
}
