// Window-wide keyboard shortcuts. `shortcutFor` (which key does what) is pure and tested as data;
// `SHORTCUTS` is the list the help dialog shows (kept next to the keys so they cannot drift).
// List navigation (arrows, Delete, Enter, Escape) lives with the list; zoom (Ctrl+= / Ctrl+- /
// Ctrl+0) in the main process. On macOS Ctrl is ⌘ (either works) and is shown as ⌘.

type Shortcut =
  'focus-search' | 'focus-add' | 'open-settings' | 'clear-search' | 'show-help' | 'undo';

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

interface KeyContext {
  /** Focus is in a text field (a typed "/" is text there). */
  typing: boolean;
  /** Focus is in the search box. */
  inSearch: boolean;
  /** A dialog is open: its own keys apply. */
  dialogOpen: boolean;
}

/** What the help dialog lists: keys as shown, and what they do. */
export const SHORTCUTS: readonly { keys: string[][]; does: string }[] = [
  { keys: [['Ctrl', 'N']], does: 'Add purges: go to the add box' },
  { keys: [['Enter']], does: 'In the add box: add; Shift+Enter starts a new line' },
  { keys: [['/'], ['Ctrl', 'F']], does: 'Search' },
  { keys: [['↑'], ['↓'], ['Home'], ['End']], does: 'Move between purges' },
  { keys: [['Enter']], does: 'On a purge: check it now (resume one given up)' },
  { keys: [['Delete']], does: 'On a purge: remove it' },
  { keys: [['Ctrl', 'Z']], does: 'Undo the last removal' },
  { keys: [['Esc']], does: 'Clear the add box or the search, leave the list, close a dialog' },
  { keys: [['Ctrl', ',']], does: 'Settings' },
  {
    keys: [
      ['Ctrl', '='],
      ['Ctrl', '−'],
      ['Ctrl', '0'],
    ],
    does: 'Text bigger, smaller, normal size',
  },
  { keys: [['?'], ['F1']], does: 'This list' },
];

/** The window runs on Linux (Electron's user agent says "X11; Linux" there). */
export function isLinux(userAgent: string = navigator.userAgent): boolean {
  return /\bLinux\b/.test(userAgent) && !/\bAndroid\b/.test(userAgent);
}

/** The window runs on macOS (Electron's user agent says "Macintosh" there). */
export function isMac(userAgent: string = navigator.userAgent): boolean {
  return /\bMacintosh\b|\bMac OS X\b/.test(userAgent);
}

/** A combination's keys as the platform shows them: Ctrl is ⌘ on macOS. */
export function platformKeys(combo: readonly string[], mac: boolean): string[] {
  return combo.map((key) => (mac && key === 'Ctrl' ? '⌘' : key));
}

/** On macOS, the page's shortcut hints say ⌘ (titles) and Meta (aria-keyshortcuts). */
export function labelShortcutsForPlatform(root: ParentNode, mac = isMac()): void {
  if (!mac) return;
  for (const element of root.querySelectorAll<HTMLElement>('[aria-keyshortcuts]')) {
    const keys = element.getAttribute('aria-keyshortcuts') ?? '';
    element.setAttribute('aria-keyshortcuts', keys.replace(/\bControl\+/g, 'Meta+'));
  }
  for (const element of root.querySelectorAll<HTMLElement>('[title*="Ctrl+"]')) {
    element.title = element.title.replace(/Ctrl\+/g, '⌘');
  }
}

export function shortcutFor(press: KeyPress, context: KeyContext): Shortcut | undefined {
  if (context.dialogOpen || press.altKey) return undefined;
  const command = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  if (key === 'f1' && !command) return 'show-help';
  if (command && !press.shiftKey) {
    if (key === 'f') return 'focus-search';
    if (key === 'n') return 'focus-add';
    if (key === ',') return 'open-settings';
    if (key === 'z' && !context.typing) return 'undo';
    return undefined;
  }
  if (command) return undefined;
  if (key === '/' && !context.typing) return 'focus-search';
  if (key === '?' && !context.typing) return 'show-help';
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
  run: (shortcut: Shortcut) => boolean | void,
): void {
  document.addEventListener('keydown', (event) => {
    const shortcut = shortcutFor(event, {
      typing: isTextField(event.target),
      inSearch: (event.target as Element | null)?.id === 'search',
      dialogOpen: isDialogOpen(),
    });
    if (!shortcut) return;
    // A shortcut that had nothing to do (Ctrl+Z with nothing to undo) leaves the key alone.
    if (run(shortcut) === false) return;
    event.preventDefault();
  });
}
