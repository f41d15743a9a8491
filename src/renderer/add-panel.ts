// The add box: a paste of request IDs (or the JSON/curl output they came in) to track, or URLs
// to purge and track. Enter adds; Shift+Enter starts a new line. Says what happened.
import type { PurgeWatchApi } from '../shared/ipc';
import { invokeErrorMessage } from './invoke-error';
import { showOutcome } from './outcome-view';
import { byId } from './page-elements';
import { addOutcome, purgeUrlsOutcome } from './view-model';
import type { Outcome } from './view-model';

export type AddMode = 'ids' | 'urls';

const MODES: Record<AddMode, { label: string; button: string; hint: string; placeholder: string }> =
  {
    ids: {
      label: 'Request IDs to track',
      button: 'Track',
      hint: 'Paste one or many request IDs, or the JSON or curl output they came in.',
      placeholder: '598821f949c0a938d57563bd',
    },
    urls: {
      label: 'URLs to purge',
      button: 'Purge',
      hint: 'Paste the URLs to purge, one per line: Purge Watch asks ImageKit to purge each and tracks it.',
      placeholder: 'https://ik.imagekit.io/your_id/image.jpg',
    },
  };

export const SAMPLE_PASTE = '{\n  "requestId": "598821f949c0a938d57563bd"\n}';

export class AddPanel {
  private readonly form = byId<HTMLFormElement>('add-form');
  private readonly input = byId<HTMLTextAreaElement>('add-input');
  private readonly submit = byId<HTMLButtonElement>('add-submit');
  private readonly submitText = byId('add-submit-text');
  private readonly label = byId('add-label');
  private readonly hint = byId('add-hint');
  private readonly result = byId('add-result');
  private mode: AddMode = 'ids';
  private busy = false;

  constructor(private readonly api: PurgeWatchApi) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.add();
      }
    });
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="add-mode"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked) this.setMode(radio.value as AddMode);
      });
    }
  }

  focus(): void {
    this.input.focus();
  }

  /** Put a sample paste in the box (the empty state's demo). */
  fillSample(): void {
    this.setMode('ids');
    this.input.value = SAMPLE_PASTE;
    this.input.focus();
  }

  setMode(mode: AddMode): void {
    this.mode = mode;
    const words = MODES[mode];
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="add-mode"]')) {
      radio.checked = radio.value === mode;
    }
    this.label.textContent = words.label;
    this.submitText.textContent = words.button;
    this.hint.firstChild!.textContent = `${words.hint} `;
    this.input.placeholder = words.placeholder;
  }

  private async add(): Promise<void> {
    const text = this.input.value;
    if (this.busy) return;
    if (text.trim() === '') {
      showOutcome(this.result, {
        tone: 'error',
        summary: this.mode === 'ids' ? 'Paste a request ID first.' : 'Paste a URL first.',
        details: [],
      });
      return;
    }
    // The button is marked busy, not disabled: disabling it would drop its keyboard focus.
    this.busy = true;
    this.submit.setAttribute('aria-disabled', 'true');
    this.form.setAttribute('aria-busy', 'true');
    let outcome: Outcome;
    let clear = false;
    try {
      if (this.mode === 'ids') {
        const result = await this.api.addFromText({ text });
        outcome = addOutcome(result);
        clear =
          result.rejected.length === 0 && result.added.length + result.alreadyTracked.length > 0;
      } else {
        const result = await this.api.purgeUrls({ text });
        outcome = purgeUrlsOutcome(result);
        clear = outcome.tone === 'success';
      }
    } catch (error) {
      outcome = { tone: 'error', summary: invokeErrorMessage(error), details: [] };
    } finally {
      this.busy = false;
      this.submit.removeAttribute('aria-disabled');
      this.form.removeAttribute('aria-busy');
    }
    if (clear) this.input.value = '';
    showOutcome(this.result, outcome);
  }
}
