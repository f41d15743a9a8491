// Short confirmations ("Request ID copied"), failures of row actions, and the undo of a removal:
// shown for a moment at the bottom of the window and read out by screen readers (the text is in
// a status region). An action (Undo) is a real button, reachable by Tab and by Ctrl+Z.

const SHOW_MS = 3_500;

export interface ToastAction {
  label: string;
  run(): void;
}

export class Toast {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private action: ToastAction | undefined;
  private readonly text: HTMLElement;
  private readonly button: HTMLButtonElement;

  constructor(private readonly root: HTMLElement) {
    this.text = root.querySelector<HTMLElement>('.toast-text')!;
    this.button = root.querySelector<HTMLButtonElement>('.toast-action')!;
    this.button.addEventListener('click', () => this.runAction());
  }

  say(
    text: string,
    tone: 'info' | 'error' = 'info',
    action?: ToastAction,
    showMs: number = SHOW_MS,
  ): void {
    clearTimeout(this.timer);
    this.action = action;
    this.text.textContent = text;
    this.button.textContent = action?.label ?? '';
    this.button.hidden = action === undefined;
    this.root.dataset.tone = tone;
    this.root.classList.add('visible');
    this.timer = setTimeout(() => this.hide(), showMs);
  }

  /** Runs the shown action (Undo), if there is one; false when there is none. */
  runAction(): boolean {
    const action = this.action;
    if (!action) return false;
    this.hide();
    action.run();
    return true;
  }

  /** Takes the action away if it is still this one (its time ran out elsewhere). */
  dropAction(action: ToastAction): void {
    if (this.action === action) this.hide();
  }

  private hide(): void {
    clearTimeout(this.timer);
    const hadFocus = this.root.contains(document.activeElement);
    this.action = undefined;
    this.root.classList.remove('visible');
    this.text.textContent = '';
    this.button.hidden = true;
    if (hadFocus) document.getElementById('purge-list-section')?.focus();
  }
}
