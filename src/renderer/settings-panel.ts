// Settings: the private key (masked entry, never shown back: only where it is stored, with
// replace and delete, which asks to confirm first), notifications, launch at login, polling
// paused, the share of the rate limit to spend and how long finished purges stay.
import type { KeyStatus, PurgeWatchApi, Settings } from '../shared/ipc';
import type { TrackerStatus } from '../shared/purge';
import { invokeErrorMessage } from './invoke-error';
import { byId } from './page-elements';
import { formatDuration } from '../shared/format';
import { keyStatusText } from './view-model';

export class SettingsPanel {
  private readonly dialog = byId<HTMLDialogElement>('settings-dialog');
  private readonly keyStatus = byId('key-status');
  private readonly keyForm = byId<HTMLFormElement>('key-form');
  private readonly keyInput = byId<HTMLInputElement>('key-input');
  private readonly keyInputLabel = byId('key-input-label');
  private readonly keySave = byId<HTMLButtonElement>('key-save');
  private readonly keyDelete = byId<HTMLButtonElement>('key-delete');
  private readonly keyMessage = byId('key-message');
  private readonly deleteConfirm = byId('key-delete-confirm');
  private readonly deleteYes = byId<HTMLButtonElement>('key-delete-yes');
  private readonly notifications = byId<HTMLInputElement>('setting-notifications');
  private readonly launch = byId<HTMLInputElement>('setting-launch');
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
      this.keyInput.value = '';
      this.say(this.keyMessage, '');
      this.askDelete(false);
    });
    this.keyForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveKey();
    });
    this.keyDelete.addEventListener('click', () => this.askDelete(true));
    byId('key-delete-no').addEventListener('click', () => this.askDelete(false));
    this.deleteYes.addEventListener('click', () => void this.deleteKey());
    this.bindToggle(this.notifications, (on) => this.api.setSettings({ notifications: on }));
    this.bindToggle(this.launch, (on) => this.api.setSettings({ launchAtLogin: on }));
    this.bindToggle(this.paused, (on) => this.api.setPollingPaused({ paused: on }));
    this.bindChoice(this.rateShare, (share) => this.api.setSettings({ rateShare: share }));
    this.bindChoice(this.keepFinished, (ms) => this.api.setSettings({ keepFinishedMs: ms }));
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  open(focus: 'key' | 'first' = 'first'): void {
    if (!this.dialog.open) this.dialog.showModal();
    if (focus === 'key') this.keyInput.focus();
  }

  showKey(key: KeyStatus): void {
    this.keyStatus.textContent = keyStatusText(key);
    this.keyStatus.dataset.source = key.source;
    const stored = key.source === 'keychain';
    this.keyInputLabel.textContent = stored ? 'Replace the key' : 'Private key';
    this.keySave.textContent = stored ? 'Replace key' : 'Save key';
    this.keyDelete.hidden = !stored || !this.deleteConfirm.hidden;
    if (!stored) this.deleteConfirm.hidden = true;
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
    this.notifications.checked = settings.notifications;
    this.launch.checked = settings.launchAtLogin;
    showChoice(this.rateShare, settings.rateShare, `${Math.round(settings.rateShare * 100)} %`);
    showChoice(this.keepFinished, settings.keepFinishedMs, formatDuration(settings.keepFinishedMs));
  }

  showStatus(status: TrackerStatus): void {
    this.paused.checked = status.pausedFor.includes('user');
  }

  private bindToggle(input: HTMLInputElement, apply: (on: boolean) => Promise<unknown>): void {
    // Never disabled while saving: a disabled control drops keyboard focus.
    input.addEventListener('change', () => {
      const wanted = input.checked;
      apply(wanted)
        .then(() => this.say(this.settingsMessage, ''))
        .catch((error: unknown) => {
          input.checked = !wanted;
          this.say(this.settingsMessage, invokeErrorMessage(error), 'error');
        });
    });
  }

  private bindChoice(select: HTMLSelectElement, apply: (value: number) => Promise<unknown>): void {
    select.addEventListener('change', () => {
      apply(Number(select.value))
        .then(() => this.say(this.settingsMessage, ''))
        .catch((error: unknown) => {
          // Back to the value last saved (showChoice keeps it).
          select.value = select.dataset.saved ?? select.value;
          this.say(this.settingsMessage, invokeErrorMessage(error), 'error');
        });
    });
  }

  private async saveKey(): Promise<void> {
    const key = this.keyInput.value;
    if (key.trim() === '') {
      this.say(this.keyMessage, 'Paste your private key first.', 'error');
      this.keyInput.focus();
      return;
    }
    if (this.saving) return;
    this.saving = true;
    this.keySave.setAttribute('aria-disabled', 'true');
    try {
      const status = await this.api.setPrivateKey({ key });
      this.keyInput.value = '';
      this.showKey(status);
      this.say(
        this.keyMessage,
        status.source === 'keychain' ? `Key saved in ${status.keychain}.` : 'Key saved.',
        'success',
      );
    } catch (error) {
      this.say(this.keyMessage, invokeErrorMessage(error), 'error');
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
      const status = await this.api.deletePrivateKey();
      this.deleteConfirm.hidden = true;
      this.showKey(status);
      this.say(this.keyMessage, 'The stored key was deleted.', 'success');
      this.keyInput.focus();
    } catch (error) {
      this.say(this.keyMessage, invokeErrorMessage(error), 'error');
    } finally {
      this.saving = false;
    }
  }

  private say(target: HTMLElement, text: string, tone?: 'success' | 'error'): void {
    target.textContent = text;
    if (tone) target.dataset.tone = tone;
    else target.removeAttribute('data-tone');
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
