// How the tray menu words things: time labels that change at most once a minute, URLs and
// notes clipped to what a menu (or a Windows tooltip) shows. Pure.
import { formatDuration } from '../../shared/format';

const MINUTE = 60_000;

/** The longest status note or error line a menu item shows. */
export const MAX_NOTE = 90;

/**
 * The time labels are worded from: `now` rounded down to the minute, so every label (ages,
 * countdowns) changes at most once a minute and the menu is not set again in between (on
 * Linux an AppIndicator re-lays out the whole menu, collapsing an open submenu).
 */
export function labelTime(now: number): number {
  return Math.floor(now / MINUTE) * MINUTE;
}

/** A span in whole minutes, rounded down ("<1m", "12m", "1h 5m"). */
export function minutesOf(ms: number): string {
  return ms < MINUTE ? '<1m' : formatDuration(Math.floor(ms / MINUTE) * MINUTE);
}

/** A countdown in whole minutes, rounded up ("1m" for 12 s, "1h" for 59 m 30 s). */
export function minutesLeft(ms: number): string {
  return formatDuration(Math.max(1, Math.ceil(ms / MINUTE)) * MINUTE);
}

/** A URL as a menu shows it: no scheme, the middle elided past 48 characters. */
export function shortUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '');
  if (bare.length <= 48) return bare;
  return `${bare.slice(0, 22)}…${bare.slice(-25)}`;
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
