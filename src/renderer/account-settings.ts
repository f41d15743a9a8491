// Settings' accounts: the list (name, where its key comes from, which is the default), the
// default account, and adding, renaming and removing one. A key typed here is write-only: the
// field is emptied once it is sent, whether the main process took it or not, and never filled
// back; everything else typed stays after an error. The "environment" account (the key in
// IMAGEKIT_PRIVATE_KEY) is listed read-only. Replacing or deleting a key is the key section's
// (settings-panel.ts), for the account picked there.
import type { AccountInfo } from '../shared/account';
import { accountNameProblem, caseClashWords, takenNameProblem } from '../shared/account';
import type { AccountsState, PurgeWatchApi } from '../shared/ipc';
import type { Settings } from '../shared/settings';
import { showFormMessage } from './form-message';
import { invokeErrorMessage } from './invoke-error';
import { byId } from './page-elements';

/** Where an account's key comes from, in words (never the key). */
export function keySourceText(account: AccountInfo, keychain: string): string {
  return account.source === 'environment'
    ? 'Key from IMAGEKIT_PRIVATE_KEY (read-only here)'
    : `Key in ${keychain}`;
}

/** Why `name` cannot be a new account's name, among `taken` (in any case); undefined when it can. */
export function newAccountNameProblem(name: string, taken: readonly string[]): string | undefined {
  return accountNameProblem(name) ?? takenNameProblem(name, taken);
}

/** What the accounts list says is wrong with the accounts: unlisted, or names that clash. */
export function accountsProblemText(state: AccountsState): string {
  const clashes = state.caseClashes && caseClashWords(state.caseClashes);
  return [state.problem, clashes].filter(Boolean).join(' ');
}

type AccountAction = 'rename' | 'remove';

export class AccountSettings {
  private readonly list = byId<HTMLUListElement>('account-list');
  private readonly problem = byId('accounts-problem');
  private readonly message = byId('accounts-message');
  private readonly defaultBox = byId('default-account-box');
  private readonly defaultChoice = byId<HTMLSelectElement>('setting-default-account');
  private readonly addOpen = byId<HTMLButtonElement>('account-add-open');
  private readonly addForm = byId<HTMLFormElement>('account-add-form');
  private readonly addName = byId<HTMLInputElement>('account-name');
  private readonly addNameProblem = byId('account-name-problem');
  private readonly addKey = byId<HTMLInputElement>('account-key');
  private readonly addMessage = byId('account-add-message');
  private readonly renameForm = byId<HTMLFormElement>('account-rename-form');
  private readonly renameTitle = byId('account-rename-title');
  private readonly newName = byId<HTMLInputElement>('account-new-name');
  private readonly newNameProblem = byId('account-new-name-problem');
  private readonly renameMessage = byId('account-rename-message');
  private readonly removeForm = byId<HTMLFormElement>('account-remove-form');
  private readonly removeTitle = byId('account-remove-title');
  private readonly moveChoice = byId('account-move-choice');
  private readonly moveTo = byId<HTMLSelectElement>('account-move-to');
  private readonly removeMessage = byId('account-remove-message');
  private accounts: readonly AccountInfo[] = [];
  private keychain = 'the keychain';
  private defaultAccount = '';
  /** The account the rename or remove form is open for. */
  private editing: string | undefined;
  /** The account button to focus once the list shows it (an account renamed to this name). */
  private focusWhenShown: { account: string; action: AccountAction } | undefined;
  private busy = false;

  constructor(private readonly api: PurgeWatchApi) {
    this.list.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      const account = button?.closest<HTMLElement>('li')?.dataset.account;
      if (!button || account === undefined) return;
      this.act(button.dataset.action as AccountAction, account);
    });
    this.addOpen.addEventListener('click', () => this.showAdd(this.addForm.hidden));
    this.addName.addEventListener('input', () => this.checkName(this.addName, this.addNameProblem));
    this.newName.addEventListener('input', () => this.checkName(this.newName, this.newNameProblem));
    this.addForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    this.renameForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.rename();
    });
    this.removeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.remove();
    });
    for (const form of [this.addForm, this.renameForm, this.removeForm]) {
      form.querySelector('[data-cancel]')?.addEventListener('click', () => this.closeForm(form));
      form.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault(); // closes the form, not the dialog
        this.closeForm(form);
      });
    }
    for (const radio of this.purgeChoices()) {
      radio.addEventListener('change', () => (this.moveTo.disabled = this.stopTracking()));
    }
    this.defaultChoice.addEventListener('change', () => void this.chooseDefault());
  }

  /** Closes the forms and forgets what was typed in them (the dialog closed). */
  reset(): void {
    for (const form of [this.addForm, this.renameForm, this.removeForm]) form.hidden = true;
    this.addOpen.setAttribute('aria-expanded', 'false');
    this.addKey.value = '';
    this.editing = undefined;
    showFormMessage(this.message, '');
  }

  showAccounts(state: AccountsState, keychain: string): void {
    this.accounts = state.accounts;
    this.keychain = keychain;
    const problem = accountsProblemText(state);
    showFormMessage(this.problem, problem, problem ? 'error' : undefined);
    // Redrawing takes focus from a button in the list: it goes back to the same button.
    const focused = this.focusedAction();
    const refocus = this.focusWhenShown ?? focused;
    this.list.replaceChildren(...state.accounts.map((account) => this.item(account)));
    const button = refocus && this.findAction(refocus.account, refocus.action);
    if (button) {
      this.focusWhenShown = undefined;
      button.focus();
    } else if (focused) this.addOpen.focus(); // its account is gone
    this.showDefaultChoice();
    if (this.editing !== undefined && !this.names().includes(this.editing)) {
      this.renameForm.hidden = true;
      this.removeForm.hidden = true;
      this.editing = undefined;
    }
  }

  showSettings(settings: Settings): void {
    this.defaultAccount = settings.defaultAccount;
    this.showDefaultChoice();
  }

  private names(): string[] {
    return this.accounts.map((account) => account.name);
  }

  private item(account: AccountInfo): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'account-item';
    li.dataset.account = account.name;
    const name = document.createElement('strong');
    name.className = 'account-name';
    name.textContent = account.name;
    const about = document.createElement('span');
    about.className = 'account-about';
    about.textContent = account.isDefault
      ? `Default · ${keySourceText(account, this.keychain)}`
      : keySourceText(account, this.keychain);
    const text = document.createElement('div');
    text.className = 'account-text';
    text.append(name, about);
    li.append(text);
    if (account.source === 'keychain') {
      const actions = document.createElement('div');
      actions.className = 'account-actions';
      actions.append(
        this.button('rename', 'Rename', `Rename ${account.name}`),
        this.button('remove', 'Remove', `Remove ${account.name}`),
      );
      li.append(actions);
    }
    return li;
  }

  private button(action: AccountAction, text: string, label: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-small';
    button.dataset.action = action;
    button.textContent = text;
    button.setAttribute('aria-label', label);
    return button;
  }

  /** The default account's choice, offered with two accounts or more. */
  private showDefaultChoice(): void {
    const names = this.names();
    this.defaultBox.hidden = names.length < 2;
    const options = [
      new Option(
        this.accounts[0] && !names.includes(this.defaultAccount)
          ? `Automatic (now ${this.accounts[0].name})`
          : 'Automatic',
        '',
      ),
      ...names.map((name) => new Option(name, name)),
    ];
    this.defaultChoice.replaceChildren(...options);
    this.defaultChoice.value = names.includes(this.defaultAccount) ? this.defaultAccount : '';
  }

  private async chooseDefault(): Promise<void> {
    const wanted = this.defaultChoice.value;
    try {
      await this.api.setSettings({ defaultAccount: wanted });
      showFormMessage(
        this.message,
        wanted === ''
          ? 'The lookup order chooses the default account.'
          : `${wanted} is the default account.`,
        'success',
      );
    } catch (error) {
      this.defaultChoice.value = this.defaultAccount;
      showFormMessage(this.message, invokeErrorMessage(error), 'error');
    }
  }

  private act(action: AccountAction, account: string): void {
    this.editing = account;
    this.addForm.hidden = true;
    this.addOpen.setAttribute('aria-expanded', 'false');
    if (action === 'rename') {
      this.removeForm.hidden = true;
      this.renameTitle.textContent = `Rename ${account}`;
      this.newName.value = account;
      this.checkName(this.newName, this.newNameProblem);
      showFormMessage(this.renameMessage, '');
      this.renameForm.hidden = false;
      this.newName.focus();
      this.newName.select();
    } else {
      this.renameForm.hidden = true;
      const others = this.names().filter((name) => name !== account);
      this.removeTitle.textContent = `Remove ${account}? Its key is deleted from ${this.keychain}.`;
      this.moveTo.replaceChildren(...others.map((name) => new Option(name, name)));
      this.moveChoice.hidden = others.length === 0;
      for (const radio of this.purgeChoices()) {
        radio.checked = radio.value === (others.length === 0 ? 'stop' : 'move');
      }
      this.moveTo.disabled = this.stopTracking();
      showFormMessage(this.removeMessage, '');
      this.removeForm.hidden = false;
      this.purgeChoices()
        .find((radio) => radio.checked)
        ?.focus();
    }
  }

  private showAdd(show: boolean): void {
    this.addForm.hidden = !show;
    this.addOpen.setAttribute('aria-expanded', String(show));
    if (!show) return;
    this.renameForm.hidden = true;
    this.removeForm.hidden = true;
    this.editing = undefined;
    showFormMessage(this.addMessage, '');
    this.addName.focus();
  }

  /**
   * Says next to the field why its name cannot be used: while typing once something is typed,
   * always when `insist` (the form is sent).
   */
  private checkName(
    input: HTMLInputElement,
    target: HTMLElement,
    insist = false,
  ): string | undefined {
    const taken = this.names().filter((name) => name !== this.editing || input !== this.newName);
    const problem = newAccountNameProblem(input.value.trim(), taken);
    const show = problem !== undefined && (insist || input.value !== '');
    showFormMessage(target, show ? problem : '', show ? 'error' : undefined);
    if (show) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    return problem;
  }

  private closeForm(form: HTMLFormElement): void {
    form.hidden = true;
    if (form === this.addForm) {
      this.addKey.value = '';
      this.addOpen.setAttribute('aria-expanded', 'false');
      this.addOpen.focus();
      return;
    }
    const account = this.editing;
    this.editing = undefined;
    if (account === undefined) this.addOpen.focus();
    else this.focusAction(account, form === this.renameForm ? 'rename' : 'remove');
  }

  private async add(): Promise<void> {
    if (this.busy) return;
    const name = this.addName.value.trim();
    if (this.checkName(this.addName, this.addNameProblem, true) !== undefined) {
      this.addName.focus();
      return;
    }
    const key = this.addKey.value;
    if (key.trim() === '') {
      showFormMessage(this.addMessage, 'Paste the account’s private key first.', 'error');
      this.addKey.focus();
      return;
    }
    this.busy = true;
    this.addKey.value = ''; // sent once; never kept in the page
    try {
      const status = await this.api.setPrivateKey({ key, account: name });
      this.addName.value = '';
      this.addForm.hidden = true;
      this.addOpen.setAttribute('aria-expanded', 'false');
      showFormMessage(
        this.message,
        `Account ${name} added; its key is in ${status.keychain}.`,
        'success',
      );
      this.addOpen.focus();
    } catch (error) {
      showFormMessage(this.addMessage, invokeErrorMessage(error), 'error');
      this.addKey.focus();
    } finally {
      this.busy = false;
    }
  }

  private async rename(): Promise<void> {
    const from = this.editing;
    if (this.busy || from === undefined) return;
    const to = this.newName.value.trim();
    if (to === from) {
      this.closeForm(this.renameForm);
      return;
    }
    if (this.checkName(this.newName, this.newNameProblem, true) !== undefined) {
      this.newName.focus();
      return;
    }
    this.busy = true;
    try {
      await this.api.renameAccount({ from, to });
      this.editing = undefined;
      this.renameForm.hidden = true;
      showFormMessage(this.message, `${from} is now named ${to}.`, 'success');
      this.focusAction(to, 'rename');
    } catch (error) {
      showFormMessage(this.renameMessage, invokeErrorMessage(error), 'error');
      this.newName.focus();
    } finally {
      this.busy = false;
    }
  }

  private async remove(): Promise<void> {
    const account = this.editing;
    if (this.busy || account === undefined) return;
    const moveTo = this.stopTracking() ? undefined : this.moveTo.value;
    this.busy = true;
    try {
      await this.api.removeAccount(moveTo ? { account, moveTo } : { account });
      this.editing = undefined;
      this.removeForm.hidden = true;
      showFormMessage(
        this.message,
        moveTo
          ? `${account} was removed; its purges are now ${moveTo}'s.`
          : `${account} was removed; its purges are no longer tracked.`,
        'success',
      );
      this.addOpen.focus();
    } catch (error) {
      showFormMessage(this.removeMessage, invokeErrorMessage(error), 'error');
    } finally {
      this.busy = false;
    }
  }

  /** Focus an account's button, now or once the list shows that account (after a rename). */
  private focusAction(account: string, action: AccountAction): void {
    const button = this.findAction(account, action);
    if (button) button.focus();
    else this.focusWhenShown = { account, action };
  }

  /** The account button that has focus, if one has. */
  private focusedAction(): { account: string; action: AccountAction } | undefined {
    const button = document.activeElement;
    const account = button?.closest<HTMLElement>('#account-list li')?.dataset.account;
    if (!(button instanceof HTMLButtonElement) || account === undefined) return undefined;
    return { account, action: button.dataset.action as AccountAction };
  }

  private findAction(account: string, action: AccountAction): HTMLButtonElement | null {
    return this.list.querySelector<HTMLButtonElement>(
      `li[data-account="${CSS.escape(account)}"] button[data-action="${action}"]`,
    );
  }

  private purgeChoices(): HTMLInputElement[] {
    return [...this.removeForm.querySelectorAll<HTMLInputElement>('input[name="account-purges"]')];
  }

  private stopTracking(): boolean {
    return this.purgeChoices().some((radio) => radio.value === 'stop' && radio.checked);
  }
}
