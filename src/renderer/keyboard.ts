// Window-wide keyboard shortcuts. `shortcutFor` (which key does what) is pure and tested as data;
// list navigation (arrows, Delete, Enter) lives with the list.

export type Shortcut = 'focus-search' | 'focus-add' | 'open-settings' | 'clear-search';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface KeyContext {
  /** Focus is in a text field (a typed "/" is text there). */
  typing: boolean;
  /** Focus is in the search box. */
  inSearch: boolean;
  /** A dialog is open: its own keys apply. */
  dialogOpen: boolean;
}

export function shortcutFor(press: KeyPress, context: KeyContext): Shortcut | undefined {
  if (context.dialogOpen || press.altKey) return undefined;
  const command = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  if (command && !press.shiftKey) {
    if (key === 'f') return 'focus-search';
    if (key === 'n') return 'focus-add';
    if (key === ',') return 'open-settings';
    return undefined;
  }
  if (command) return undefined;
  if (key === '/' && !context.typing) return 'focus-search';
  if (key === 'escape' && context.inSearch) return 'clear-search';
  return undefined;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  );
}

export function installShortcuts(
  isDialogOpen: () => boolean,
  run: (shortcut: Shortcut) => void,
): void {
  document.addEventListener('keydown', (event) => {
    const shortcut = shortcutFor(event, {
      typing: isTextField(event.target),
      inSearch: (event.target as Element | null)?.id === 'search',
      dialogOpen: isDialogOpen(),
    });
    if (!shortcut) return;
    event.preventDefault();
    run(shortcut);
  });
}
