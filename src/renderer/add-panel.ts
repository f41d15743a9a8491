// The add box: a paste of request IDs (or the JSON/curl output they came in) to track, or URLs
// to purge and track. Enter adds; Shift+Enter starts a new line; Escape clears. One line until
// it has focus or text. Says what happened: good news in a passing toast, problems beside the
// box until the next add; after an add only the rejected entries stay in the box, one per line,
// to be fixed (the result lists each with its reason). With several accounts a
// picker says whose: IDs default to "Find the account" (each is looked up), URLs to the default
// account (they are purged with it).
import type { AccountInfo } from '../shared/account';
import type { PurgeWatchApi } from '../shared/ipc';
import { invokeErrorMessage } from './invoke-error';
import { showOutcome } from './outcome-view';
import { byId } from './page-elements';
import { addOutcome, purgeUrlsOutcome } from './outcome-text';
import type { Outcome } from './outcome-text';

type AddMode = 'ids' | 'urls';

const MODES: Record<AddMode, { label: string; button: string; hint: string; placeholder: string }> =
  {
    ids: {
      label: 'Request IDs to track',
      button: 'Track',
      hint: 'Paste one or many request IDs, or the JSON or curl output they came in.',
      placeholder: 'Paste request IDs',
    },
    urls: {
      label: 'URLs to purge',
      button: 'Purge',
      hint: 'Paste the URLs to purge, one per line: Purge Watch asks ImageKit to purge each and tracks it.',
      placeholder: 'Paste URLs to purge, one per line',
    },
  };

/** What ImageKit answers a purge with; the ID is the example from ImageKit's documentation. */
const SAMPLE_PASTE = '{\n  "requestId": "598821f949c0a938d57563bd"\n}';

const SAMPLE_NOTE =
  "This is ImageKit's answer to a purge, as you would paste it. Its ID is the example from " +
  "ImageKit's documentation: your account has no purge with it, so tracking it ends as Not found. " +
  'Paste the answer to one of your own purges instead.';

export class AddPanel {
  private readonly form = byId<HTMLFormElement>('add-form');
  private readonly input = byId<HTMLTextAreaElement>('add-input');
  private readonly submit = byId<HTMLButtonElement>('add-submit');
  private readonly submitText = byId('add-submit-text');
  private readonly label = byId('add-label');
  private readonly hint = byId('add-hint');
  private readonly result = byId('add-result');
  private readonly accountBox = byId('add-account-box');
  private readonly account = byId<HTMLSelectElement>('add-account');
  private accounts: readonly AccountInfo[] = [];
  /** The account picked for each mode ('' for IDs: find it), kept across mode changes. */
  private readonly picked: Record<AddMode, string | undefined> = { ids: '', urls: undefined };
  private mode: AddMode = 'ids';
  private busy = false;

  constructor(
    private readonly api: PurgeWatchApi,
    /** After something was added: the list shows it now, even under a resting pointer. */
    private readonly onAdded: () => void = () => undefined,
    /** Says good news in passing (the toast); problems stay beside the box. */
    private readonly say: (text: string) => void = () => undefined,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.add();
      } else if (event.key === 'Escape' && !event.isComposing) {
        event.preventDefault();
        this.input.value = '';
        showOutcome(this.result, undefined);
        this.refreshGrowth();
      }
    });
    this.installGrowth();
    this.account.addEventListener('change', () => (this.picked[this.mode] = this.account.value));
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="add-mode"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked) this.setMode(radio.value as AddMode);
      });
    }
  }

  focus(): void {
    this.input.focus();
  }

  /** The accounts there are: with more than one, the picker shows. */
  showAccounts(accounts: readonly AccountInfo[]): void {
    this.accounts = accounts;
    this.accountBox.hidden = accounts.length < 2;
    this.fillPicker();
  }

  /** The picker's options for the mode: "Find the account" only when tracking IDs. */
  private fillPicker(): void {
    const names = this.accounts.map((account) => account.name);
    const automatic = this.mode === 'ids';
    const options = [
      ...(automatic ? [new Option('Find the account', '')] : []),
      ...this.accounts.map(
        (account) =>
          new Option(account.isDefault ? `${account.name} (default)` : account.name, account.name),
      ),
    ];
    this.account.replaceChildren(...options);
    const wanted = this.picked[this.mode];
    const fallback = automatic ? '' : (this.accounts.find((a) => a.isDefault)?.name ?? '');
    this.account.value =
      wanted !== undefined && (wanted === '' ? automatic : names.includes(wanted))
        ? wanted
        : fallback;
  }

  /** The account the user picked, or undefined for "find it" or a single account. */
  private pickedAccount(): string | undefined {
    if (this.accountBox.hidden || this.account.value === '') return undefined;
    return this.account.value;
  }

  /**
   * One line until the box is used: it grows (with its hint) on focus or text, and shrinks back
   * when focus leaves an empty box. Not while a pointer is pressed: the page would move under a
   * click that is taking focus away, and the click would miss.
   */
  private installGrowth(): void {
    const card = this.form.closest<HTMLElement>('.add-card') ?? this.form;
    let pressed = false;
    const update = () => {
      const grow = card.contains(document.activeElement) || this.input.value !== '';
      card.classList.toggle('expanded', grow);
    };
    document.addEventListener('pointerdown', () => (pressed = true), true);
    document.addEventListener(
      'pointerup',
      () => {
        pressed = false;
        setTimeout(update, 0); // after the click this press makes
      },
      true,
    );
    card.addEventListener('focusin', update);
    card.addEventListener('focusout', () => {
      if (!pressed) setTimeout(update, 0);
    });
    this.input.addEventListener('input', update);
    this.refreshGrowth = update;
  }

  private refreshGrowth: () => void = () => undefined;

  /** Put a sample paste in the box (the empty state's demo). */
  fillSample(): void {
    this.setMode('ids');
    this.input.value = SAMPLE_PASTE;
    this.refreshGrowth();
    showOutcome(this.result, { tone: 'warning', summary: SAMPLE_NOTE, details: [] });
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
    this.fillPicker();
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
    /** What stays in the box: the entries to fix, or everything when nothing was taken. */
    let left = text;
    try {
      if (this.mode === 'ids') {
        const account = this.pickedAccount();
        const result = await this.api.addFromText(account ? { text, account } : { text });
        outcome = addOutcome(result);
        if (result.added.length + result.alreadyTracked.length > 0) {
          left = result.rejected.map((r) => r.text).join('\n');
        }
      } else {
        const account = this.pickedAccount();
        const result = await this.api.purgeUrls(account ? { text, account } : { text });
        outcome = purgeUrlsOutcome(result);
        const failed = result.results.filter((r) => r.requestId === undefined);
        if (failed.length < result.results.length) {
          left = [...failed.map((r) => r.url), ...result.rejected.map((r) => r.text)].join('\n');
        }
      }
    } catch (error) {
      outcome = { tone: 'error', summary: invokeErrorMessage(error), details: [] };
    } finally {
      this.busy = false;
      this.submit.removeAttribute('aria-disabled');
      this.form.removeAttribute('aria-busy');
    }
    if (left !== text) {
      this.input.value = left;
      this.refreshGrowth();
      this.onAdded();
    }
    if (outcome.tone === 'success') {
      showOutcome(this.result, undefined);
      this.say(outcome.summary);
    } else {
      showOutcome(this.result, outcome);
    }
  }
}
