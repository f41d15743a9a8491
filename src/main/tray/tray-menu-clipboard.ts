// The tray menu's clipboard items: track the request IDs in the clipboard, purge its URLs (with
// the default account, or, from a submenu, another one); disabled, with the reason, when there
// is nothing to do. Pure.
import type { ClipboardSummary } from './clipboard-summary';
import { MAX_CLIPBOARD_PURGES } from './clipboard-summary';
import type { TrayMenuItem } from './tray-menu-items';
import { actionItem, noteItem } from './tray-menu-items';
import { fitLabel, shortUrl } from './tray-menu-text';

/**
 * Where the tray cannot read the clipboard (Wayland: clipboard-reach.ts), the window's paste
 * box, where a paste (Ctrl+V) works, instead of the clipboard's items.
 */
export const PASTE_IN_WINDOW = 'Paste request IDs or URLs in the window…';

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
    reason = clipboard.rejectedReason;
  }
  return noteItem(fitLabel((why) => `Track request ID from clipboard — ${why}`, [[reason, 'end']]));
}

/**
 * The purge items, none when the clipboard holds no URLs. `accounts`: the accounts to offer, the
 * default first, when the menu names accounts (else empty: one account, nothing to choose).
 */
export function purgeClipboardItems(
  clipboard: ClipboardSummary,
  accounts: readonly string[] = [],
): TrayMenuItem[] {
  const count = clipboard.urls.length;
  if (count === 0) return [];
  if (count > MAX_CLIPBOARD_PURGES) {
    return [noteItem(`Purge URLs from clipboard — ${count} URLs: purge them from the window`)];
  }
  const [defaultAccount, ...others] = accounts;
  const what = count === 1 ? 'URL' : `${count} URLs`;
  const url = count === 1 ? shortUrl(clipboard.urls[0] ?? '') : '';
  const target = (shown: string): string => (count === 1 ? `: ${shown}` : '');
  const purgeLabel = count === 1 ? 'Purge URL' : `Purge ${count} URLs`;
  if (defaultAccount === undefined || others.length === 0) {
    const label = fitLabel(
      (shown) => `${purgeLabel} from clipboard${target(shown)}`,
      [[url, 'middle']],
    );
    return [actionItem(label, { type: 'purge-clipboard' })];
  }
  const label = fitLabel(
    (account, shown) => `${purgeLabel} from clipboard with ${account}${target(shown)}`,
    [
      [defaultAccount, 'end'],
      [url, 'middle'],
    ],
  );
  return [
    actionItem(label, { type: 'purge-clipboard' }),
    {
      type: 'submenu',
      label: `Purge ${what} from clipboard with…`,
      enabled: true,
      submenu: others.map((account) => actionItem(account, { type: 'purge-clipboard', account })),
    },
  ];
}
