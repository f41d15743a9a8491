// The setting for the shortcut that opens the window from any app: on or off, and the keys. The
// keys are recorded from a press in their field (Tab and Shift+Tab still move on; a press of
// modifiers alone waits for the key). Under it, whether it works: on, refused by the system
// (another app holds it; the one before stays), or, under Wayland, up to the desktop. Hidden
// where the app offers no shortcut.
import {
  acceleratorFromKeyPress,
  acceleratorProblem,
  describeAccelerator,
} from '../shared/accelerator';
import type { PurgeWatchApi, ShortcutStatus } from '../shared/ipc';
import type { Settings } from '../shared/settings';
import { showFormMessage } from './form-message';
import { invokeErrorMessage } from './invoke-error';
import { isMac } from './keyboard';
import { byId } from './page-elements';

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'OS']);

/** What the status line says about the shortcut `keys` (as the platform shows them). */
function shortcutStatusWords(
  state: ShortcutStatus['state'],
  keys: string,
): { text: string; tone?: 'error' } {
  switch (state) {
    case 'on':
      return { text: `Press ${keys} in any app to open Purge Watch.` };
    case 'refused':
      return {
        text: `The system refused ${keys}: another app may be using it. Choose another shortcut.`,
        tone: 'error',
      };
    case 'unconfirmed':
      return {
        text: `On Wayland your desktop decides: it may ask you to allow ${keys}. If the shortcut does nothing, set one in your desktop's keyboard settings.`,
      };
    case 'off':
      return { text: '' };
  }
}

export class ShortcutSetting {
  private readonly box = byId('shortcut-box');
  private readonly on = byId<HTMLInputElement>('setting-shortcut-on');
  private readonly field = byId<HTMLInputElement>('setting-shortcut');
  private readonly message = byId('setting-shortcut-status');
  private readonly mac = isMac();
  /** The accelerator saved. */
  private saved = '';
  private status: ShortcutStatus | undefined;

  constructor(private readonly api: PurgeWatchApi) {
    this.box.hidden = true;
    this.on.addEventListener('change', () => {
      const wanted = this.on.checked;
      this.field.disabled = !wanted;
      this.save({ openWindowShortcutOn: wanted }, () => {
        this.on.checked = !wanted;
        this.field.disabled = wanted;
      });
    });
    this.field.addEventListener('keydown', (event) => this.record(event));
  }

  showSettings(settings: Settings): void {
    this.saved = settings.openWindowShortcut;
    this.on.checked = settings.openWindowShortcutOn;
    this.field.disabled = !settings.openWindowShortcutOn;
    this.field.value = describeAccelerator(this.saved, this.mac);
  }

  showStatus(status: ShortcutStatus | undefined): void {
    this.status = status;
    this.box.hidden = status === undefined;
    if (!status) return;
    const keys = describeAccelerator(status.accelerator || this.saved, this.mac);
    const { text, tone } = shortcutStatusWords(status.state, keys);
    showFormMessage(this.message, text, tone);
  }

  private record(event: KeyboardEvent): void {
    const plainTab = event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey;
    if (plainTab || event.key === 'Escape' || MODIFIER_KEYS.has(event.key)) return;
    event.preventDefault();
    const accelerator = acceleratorFromKeyPress(event, this.mac);
    const problem =
      accelerator === undefined
        ? 'That key cannot be part of a shortcut: use a letter, a digit or F1–F24.'
        : acceleratorProblem(accelerator);
    if (problem !== undefined || accelerator === undefined) {
      showFormMessage(this.message, problem ?? '', 'error');
      return;
    }
    if (accelerator === this.saved) {
      this.showStatus(this.status);
      return;
    }
    this.field.value = describeAccelerator(accelerator, this.mac);
    this.save({ openWindowShortcut: accelerator }, () => {
      this.field.value = describeAccelerator(this.saved, this.mac);
    });
  }

  /** Saves a change; a refusal says why, and `undo` puts the field back. */
  private save(patch: Partial<Settings>, undo: () => void): void {
    this.api.setSettings(patch).catch((error: unknown) => {
      undo();
      showFormMessage(this.message, invokeErrorMessage(error), 'error');
    });
  }
}
