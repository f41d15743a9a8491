// The keyboard shortcut list, a dialog opened by "?" (the header button, the ? key or F1),
// built from the same table the keys are mapped from.
import { isMac, platformKeys, SHORTCUTS } from './keyboard';
import { byId } from './page-elements';

export class HelpDialog {
  private readonly dialog = byId<HTMLDialogElement>('help-dialog');

  constructor() {
    const list = byId('shortcut-list');
    const mac = isMac();
    for (const { keys, does } of SHORTCUTS) {
      const term = document.createElement('dt');
      keys.forEach((combo, i) => {
        if (i > 0) term.append(' ');
        // One combination never breaks across lines; several may.
        const group = document.createElement('span');
        group.className = 'key-combo';
        platformKeys(combo, mac).forEach((key, j) => {
          if (j > 0 && !mac) group.append('+');
          const kbd = document.createElement('kbd');
          kbd.textContent = key;
          group.append(kbd);
        });
        term.append(group);
      });
      const description = document.createElement('dd');
      description.textContent = does;
      list.append(term, description);
    }
    this.dialog
      .querySelector('.dialog-close')
      ?.addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close(); // a click on the backdrop
    });
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  open(): void {
    if (!this.dialog.open) this.dialog.showModal();
  }
}
