// What the clipboard offers the tray menu: request IDs to track and URLs to purge. Pure.
import { parsePurgeUrls } from '../../core/input/purge-urls';
import { parseRequestIds } from '../../core/input/request-ids';

/** Only the start of a huge clipboard is read (the menu is rebuilt often). */
const MAX_CLIPBOARD_CHARS = 1_000_000;
/** More URLs than this are purged from the window, where the list can be reviewed. */
export const MAX_CLIPBOARD_PURGES = 20;

export interface ClipboardSummary {
  /** Request IDs in the clipboard not tracked yet. */
  newIds: string[];
  /** Request IDs in the clipboard that are tracked already. */
  trackedIds: number;
  /** Why the clipboard's text is not a request ID, when it looked like one. Never the text itself. */
  rejectedReason?: string;
  /** The URLs to purge, when the clipboard holds http(s) URLs and nothing else. */
  urls: string[];
}

export const EMPTY_CLIPBOARD: ClipboardSummary = { newIds: [], trackedIds: 0, urls: [] };

export function clipboardText(text: string): string {
  return text.length > MAX_CLIPBOARD_CHARS ? text.slice(0, MAX_CLIPBOARD_CHARS) : text;
}

export function summarizeClipboard(
  text: string,
  isTracked: (id: string) => boolean,
): ClipboardSummary {
  const usable = clipboardText(text);
  if (usable.trim() === '') return EMPTY_CLIPBOARD;
  const { ids, rejected } = parseRequestIds(usable);
  const newIds = ids.filter((id) => !isTracked(id));
  const purge = parsePurgeUrls(usable);
  const summary: ClipboardSummary = {
    newIds,
    trackedIds: ids.length - newIds.length,
    // A URL inside a sentence is not a request to purge it.
    urls: purge.rejected.length === 0 ? purge.urls : [],
  };
  const reason = rejected[0]?.reason;
  if (reason !== undefined) summary.rejectedReason = reason;
  return summary;
}
