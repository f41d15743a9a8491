// The tray menu's clipboard items: track the request IDs in the clipboard, purge its URLs;
// disabled, with the reason, when there is nothing to do. Pure.
import type { ClipboardSummary } from './clipboard-summary';
import { MAX_CLIPBOARD_PURGES } from './clipboard-summary';
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem, noteItem } from './tray-menu-items';
import { clip, MAX_NOTE, shortUrl } from './tray-menu-text';

export function trackClipboardItem(clipboard: ClipboardSummary): TrayMenuItem {
  const count = clipboard.newIds.length;
  if (count > 0) {
    const label =
      count === 1 ? 'Track request ID from clipboard' : `Track ${count} request IDs from clipboard`;
    return actionItem(label, { type: 'track-clipboard' });
  }
  let reason = 'no request ID in the clipboard';
  if (clipboard.trackedIds > 0) {
    reason =
      clipboard.trackedIds === 1
        ? 'its request ID is tracked already'
        : `its ${clipboard.trackedIds} request IDs are tracked already`;
  } else if (clipboard.rejectedReason) {
    reason = clip(clipboard.rejectedReason, MAX_NOTE);
  }
  return noteItem(`Track request ID from clipboard — ${reason}`);
}

export function purgeClipboardItem(clipboard: ClipboardSummary): TrayMenuItem | undefined {
  const count = clipboard.urls.length;
  if (count === 0) return undefined;
  if (count > MAX_CLIPBOARD_PURGES) {
    return noteItem(`Purge URLs from clipboard — ${count} URLs: purge them from the window`);
  }
  const label =
    count === 1
      ? `Purge URL from clipboard: ${shortUrl(clipboard.urls[0] ?? '')}`
      : `Purge ${count} URLs from clipboard`;
  return actionItem(label, { type: 'purge-clipboard' });
}
