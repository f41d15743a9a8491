// Which key does what on a row of the purge list (the window-wide shortcuts are in
// keyboard.ts). Pure; tested as data.

type ListKeyCommand =
  /** Move focus to the row at this place (clamped to the list by the caller). */
  | { move: number }
  /** Escape: leave the list (on a row) or go back to the row (on a button in it). */
  | 'leave'
  /** Delete, on the row itself. */
  | 'remove'
  /** Enter, on the row itself: check it now, or resume it when given up. */
  | 'activate';

/** Rows Page Up and Page Down move by. */
export const PAGE_ROWS = 10;

/** What `key` does on the row at place `at` of `count`; `onRow`: the row itself has focus. */
export function listKeyCommand(
  key: string,
  at: number,
  count: number,
  onRow: boolean,
): ListKeyCommand | undefined {
  switch (key) {
    case 'ArrowDown':
      return { move: at + 1 };
    case 'ArrowUp':
      return { move: at - 1 };
    case 'Home':
      return { move: 0 };
    case 'End':
      return { move: count - 1 };
    case 'PageDown':
      return { move: at + PAGE_ROWS };
    case 'PageUp':
      return { move: at - PAGE_ROWS };
    case 'Escape':
      return 'leave';
    case 'Delete':
      return onRow ? 'remove' : undefined;
    case 'Enter':
      return onRow ? 'activate' : undefined;
    default:
      return undefined;
  }
}
