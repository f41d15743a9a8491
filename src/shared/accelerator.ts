// Keyboard shortcuts as Electron's accelerators ("CommandOrControl+Alt+Shift+P"): which ones the
// global shortcut setting accepts, how one is recorded from a key press, and how people read
// one on their platform ("Ctrl+Alt+Shift+P", "⌘⌥⇧P" on macOS). Pure; imports nothing.

/** The modifiers a recorded shortcut may hold, in the order an accelerator spells them. */
const MODIFIERS = ['CommandOrControl', 'Control', 'Alt', 'Shift', 'Super'] as const;
type Modifier = (typeof MODIFIERS)[number];

/** Keys a global shortcut may end with, besides letters, digits and F1–F24. */
const NAMED_KEYS = [
  'Space',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Insert',
  'Delete',
  'Plus',
  '-',
  '=',
  ',',
  '.',
  '/',
  ';',
  "'",
  '[',
  ']',
  '\\',
  '`',
] as const;

/** The longest accelerator the setting stores (five modifiers and a key name fit easily). */
export const MAX_ACCELERATOR = 80;

/** Opens the window from any app; three modifiers, so it takes no other app's common key. */
export const DEFAULT_OPEN_SHORTCUT = 'CommandOrControl+Alt+Shift+P';

function isKey(part: string): boolean {
  return (
    /^[A-Z0-9]$/.test(part) ||
    /^F([1-9]|1[0-9]|2[0-4])$/.test(part) ||
    (NAMED_KEYS as readonly string[]).includes(part)
  );
}

/**
 * Why `accelerator` cannot be the global shortcut, or undefined when it can: modifiers (at
 * least one besides Shift) in MODIFIERS order, then one key, joined by "+".
 */
export function acceleratorProblem(accelerator: string): string | undefined {
  if (accelerator.length > MAX_ACCELERATOR) return 'The shortcut is too long.';
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const modifiers = parts as Modifier[];
  if (!isKey(key)) return 'A shortcut ends with a letter, a digit, F1–F24 or a named key.';
  let last = -1;
  for (const modifier of modifiers) {
    const at = MODIFIERS.indexOf(modifier);
    // Never echoed: a field meant for keys may hold anything pasted (a key, say).
    if (at <= last) return 'Its modifiers are not ones a shortcut takes, or not in their order.';
    last = at;
  }
  if (!modifiers.some((modifier) => modifier !== 'Shift')) {
    return 'A shortcut needs Ctrl, Alt or another modifier besides Shift, so typing never triggers it.';
  }
  return undefined;
}

/** A key press as the DOM reports it. */
interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** `code` values (physical keys) and the accelerator key each records as. */
const CODE_KEYS: Readonly<Record<string, string>> = {
  Space: 'Space',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
  Delete: 'Delete',
  Minus: '-',
  Equal: '=',
  Comma: ',',
  Period: '.',
  Slash: '/',
  Semicolon: ';',
  Quote: "'",
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Backquote: '`',
};

/**
 * The accelerator a key press records, from the physical key (so Shift+2 is "Shift+2", not "@",
 * on every layout), or undefined while only modifiers are down or the key cannot be one. On
 * macOS ⌘ records as CommandOrControl; elsewhere Ctrl does, and the Windows/Super key as Super.
 */
export function acceleratorFromKeyPress(press: KeyPress, mac: boolean): string | undefined {
  const key = keyOfCode(press.code);
  if (key === undefined) return undefined;
  const modifiers: Modifier[] = [];
  if (mac ? press.metaKey : press.ctrlKey) modifiers.push('CommandOrControl');
  if (mac && press.ctrlKey) modifiers.push('Control');
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  if (!mac && press.metaKey) modifiers.push('Super');
  return [...modifiers, key].join('+');
}

function keyOfCode(code: string): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1];
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return digit[1];
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return CODE_KEYS[code];
}

const MAC_SYMBOLS: Readonly<Record<Modifier, string>> = {
  CommandOrControl: '⌘',
  Control: '⌃',
  Alt: '⌥',
  Shift: '⇧',
  Super: '⌘',
};
const OTHER_NAMES: Readonly<Record<Modifier, string>> = {
  CommandOrControl: 'Ctrl',
  Control: 'Ctrl',
  Alt: 'Alt',
  Shift: 'Shift',
  Super: 'Super',
};

/**
 * An accelerator as people read it on their platform: "Ctrl+Alt+Shift+P", or on macOS in the
 * menu bar's order "⌃⌥⇧⌘P". The keys of each combination: `acceleratorKeys`.
 */
export function describeAccelerator(accelerator: string, mac: boolean): string {
  return acceleratorKeys(accelerator, mac).join(mac ? '' : '+');
}

/** An accelerator's keys as shown one by one (the key caps of the help list). */
function acceleratorKeys(accelerator: string, mac: boolean): string[] {
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const modifiers = parts as Modifier[];
  if (!mac) return [...modifiers.map((m) => OTHER_NAMES[m] ?? m), key];
  // macOS's own order: Control, Option, Shift, Command.
  const order: Modifier[] = ['Control', 'Alt', 'Shift', 'CommandOrControl', 'Super'];
  const sorted = [...modifiers].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...sorted.map((m) => MAC_SYMBOLS[m] ?? m), key];
}
