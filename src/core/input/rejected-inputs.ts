// How parsers report what they could not use: short, deduplicated, capped, safe to show.
// A pasted API key is never echoed back, not even in part.
import type { RejectedInput } from '../../shared/purge';
import { apiKeyIn } from '../imagekit/private-key';

/** Rejections listed one by one; the rest are summed up in one final entry. */
const MAX_LISTED_REJECTIONS = 50;
/** Longer texts are cut (with "…") so one huge token cannot flood a dialog. */
const MAX_REJECTED_TEXT_CHARS = 64;
/** Distinct texts remembered for deduplication; beyond this, repeats are counted again. */
const MAX_REMEMBERED_TEXTS = 10_000;

/**
 * The text a rejection shows for this token: `private_…`/`public_…` when it holds an API key
 * (nothing of the secret), else the token made safe by `displayText`.
 */
function shownText(token: string): string {
  const key = apiKeyIn(token);
  return key ? `${key}_…` : displayText(token);
}

/** A character by its code point, as a rejection names one it cannot show: "U+001B". */
export function codePointOf(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A token made safe to display: cut to MAX_REJECTED_TEXT_CHARS, control characters shown as
 * their visible symbols (NUL as ␀), lone surrogates as U+FFFD.
 */
export function displayText(token: string): string {
  const cut = token.length > MAX_REJECTED_TEXT_CHARS;
  let shown = '';
  const end = Math.min(token.length, MAX_REJECTED_TEXT_CHARS);
  for (let i = 0; i < end; i++) {
    const code = token.charCodeAt(i);
    if (code < 0x20) shown += String.fromCharCode(0x2400 + code);
    else if (code === 0x7f) shown += '\u2421';
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < end ? token.charCodeAt(i + 1) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) {
        shown += token[i]! + token[i + 1]!;
        i++;
      } else shown += '\ufffd';
    } else if (code >= 0xdc00 && code <= 0xdfff) shown += '\ufffd';
    else shown += token[i]!;
  }
  return cut ? `${shown}…` : shown;
}

/** Collects rejections: the first MAX_LISTED_REJECTIONS distinct ones, then a count. */
export class RejectionList {
  private readonly listed: RejectedInput[] = [];
  private readonly seen = new Set<string>();
  private unlisted = 0;

  /** Rejects `token` (shown cut, made visible, a key redacted) for `reason`. */
  add(token: string, reason: string): void {
    const text = shownText(token);
    const identity = `${text}\u0000${reason}`;
    if (this.seen.has(identity)) return;
    if (this.seen.size < MAX_REMEMBERED_TEXTS) this.seen.add(identity);
    if (this.listed.length < MAX_LISTED_REJECTIONS) this.listed.push({ text, reason });
    else this.unlisted++;
  }

  toArray(): RejectedInput[] {
    if (this.unlisted === 0) return [...this.listed];
    return [
      ...this.listed,
      { text: `…and ${this.unlisted} more`, reason: 'further rejected inputs are not listed' },
    ];
  }
}
