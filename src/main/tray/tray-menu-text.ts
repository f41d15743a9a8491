// How the tray menu words things: time labels that change at most once a minute, URLs and
// notes clipped to what a menu (or a Windows tooltip) shows, and labels bounded as a whole
// (fitLabel): the fixed words stay, the variable parts (a path, a version, a name) are cut.
// Pure.
import { formatDuration } from '../../shared/format';

const MINUTE = 60_000;

/** The longest label a menu item shows, as a whole: a status note, an error line, a purge's line. */
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

/**
 * How a variable part of a label is cut to fit: at its end (a name, a version, a server's
 * message), in its middle (a URL: its host and its file stay), or as a problem that names a
 * file (pathCut: its first sentence, then the path's middle, the file name kept).
 */
type Cut = 'end' | 'middle' | 'path';

/**
 * A label of at most `max` characters AS A WHOLE: `render` puts the variable `parts` into their
 * fixed words, which always show; each part is cut as its `Cut` says, the longest first, to the
 * room the fixed words leave. Whitespace in a part is one space.
 */
export function fitLabel(
  render: (...parts: string[]) => string,
  parts: ReadonlyArray<readonly [text: string, cut: Cut]>,
  max = MAX_NOTE,
): string {
  const texts = parts.map(([text]) => text.replace(/\s+/g, ' ').trim());
  const fixed = render(...texts.map(() => '')).length;
  const room = shares(
    texts.map((text) => text.length),
    Math.max(parts.length, max - fixed),
  );
  return render(...texts.map((text, i) => cutTo(text, room[i] ?? 0, parts[i]?.[1] ?? 'end')));
}

/**
 * The room each part gets of `total`: a part shorter than an even share keeps its length, and
 * what it leaves goes to the longer ones.
 */
function shares(lengths: readonly number[], total: number): number[] {
  const room = lengths.map(() => 0);
  const order = lengths.map((_, i) => i).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0));
  let left = total;
  order.forEach((index, done) => {
    const share = Math.floor(left / (order.length - done));
    room[index] = Math.min(lengths[index] ?? 0, share);
    left -= room[index] ?? 0;
  });
  return room;
}

function cutTo(text: string, max: number, cut: Cut): string {
  if (text.length <= max) return text;
  if (cut === 'path') return pathCut(text, max);
  if (cut === 'middle' && max >= 5) {
    const tail = Math.floor((max - 1) / 2);
    return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
  }
  return clip(text, max);
}

/** Where a path starts in a problem's text: a root, a drive or a home, after a space or a quote. */
const PATH_START = /(?:^|[\s'"(])((?:[A-Za-z]:)?[\\/]|~[\\/])/;

/**
 * A problem that names a file ("Could not save tracked purges to /home/…/purges.json: EACCES.
 * They are kept…"), in at most `max` characters: its first sentence (the one that names the file
 * and the error code), then the path cut in its middle with the file name kept; only past that,
 * its end.
 */
function pathCut(text: string, max: number): string {
  const found = PATH_START.exec(text);
  if (!found) return clip(text, max);
  const start = found.index + found[0].length - (found[1]?.length ?? 0);
  const rest = text.slice(start);
  const lastSeparator = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
  const nameEnd = rest.slice(lastSeparator + 1).search(/[\s:,;)'"]|$/) + lastSeparator + 1;
  const before = text.slice(0, start);
  const path = rest.slice(0, nameEnd);
  const fileName = rest.slice(lastSeparator, nameEnd); // with its separator
  let after = rest.slice(nameEnd);
  // The sentences after the one naming the file go first.
  const sentenceEnd = after.indexOf('. ');
  if (before.length + path.length + after.length > max && sentenceEnd >= 0) {
    after = after.slice(0, sentenceEnd + 1);
  }
  const head = max - before.length - after.length - fileName.length - 1;
  if (head >= path.length - fileName.length) return clip(`${before}${path}${after}`, max);
  const shortened = `${path.slice(0, Math.max(0, head))}…${fileName}`;
  return clip(`${before}${shortened}${after}`, max);
}
