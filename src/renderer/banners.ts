// Banners for states that need the user: no key or a refused one, a keychain that cannot be used,
// a store file that was corrupt and moved aside, a store that cannot be written, polling on hold.
// `bannersFor` is pure (tested as data); `BannerArea` shows its answer.
import type { KeyStatus } from '../shared/ipc';
import type { TrackerStatus } from '../shared/purge';
import { createIcon } from './icons';
import type { IconName } from './icons';

export type BannerAction = 'set-key' | 'open-settings' | 'resume-polling' | 'dismiss';
export type BannerTone = 'error' | 'warning' | 'info';

export interface Banner {
  /** Stable per kind of problem: a dismissed banner stays hidden while its text is unchanged. */
  id: string;
  tone: BannerTone;
  title: string;
  text: string;
  action?: { kind: BannerAction; label: string };
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', { hour12: false });
}

export function bannersFor(status: TrackerStatus, key: KeyStatus, now: number): Banner[] {
  const banners: Banner[] = [];
  if (key.problem) {
    banners.push({
      id: 'keychain',
      tone: 'error',
      title: 'The keychain cannot be used',
      text: key.problem,
      action: { kind: 'open-settings', label: 'Open settings' },
    });
  }
  if (status.authProblem) {
    const hint =
      key.source === 'none'
        ? 'Set your private API key to start checking.'
        : 'Checking is on hold until you set the right private API key.';
    banners.push({
      id: 'auth',
      tone: 'error',
      title: key.source === 'none' ? 'No private key set' : 'ImageKit refused the private key',
      text: `${status.authProblem.message.replace(/\.?$/, '.')} ${hint}`,
      action: {
        kind: 'set-key',
        label: key.source === 'none' ? 'Set key' : 'Replace key',
      },
    });
  } else if (key.source === 'none' && !key.problem) {
    banners.push({
      id: 'no-key',
      tone: 'warning',
      title: 'No private key set',
      text: `Purge Watch needs your ImageKit private API key (Developer options in the ImageKit dashboard) to check purges. It is kept in ${key.keychain}.`,
      action: { kind: 'set-key', label: 'Set key' },
    });
  }
  if (status.recoveredStore) {
    const { movedTo, reason, kept } = status.recoveredStore;
    banners.push({
      id: 'recovered-store',
      tone: 'warning',
      title:
        kept === undefined
          ? 'The saved list of purges could not be read'
          : 'Some saved purges could not be read',
      text:
        kept === undefined
          ? `It was moved aside to ${movedTo} (${reason}), and Purge Watch started with an empty list.`
          : `They were set aside in ${movedTo} (${reason}).`,
      action: { kind: 'dismiss', label: 'Dismiss' },
    });
  }
  if (status.storageProblem) {
    banners.push({
      id: 'storage',
      tone: 'warning',
      title: 'Purges cannot be saved',
      text: `${status.storageProblem} Tracking goes on, but the list is lost when Purge Watch quits.`,
    });
  }
  if (status.rateLimitedUntil !== undefined && status.rateLimitedUntil > now) {
    banners.push({
      id: 'rate-limit',
      tone: 'info',
      title: "ImageKit's rate limit was reached",
      text: `Checks resume at ${clockTime(status.rateLimitedUntil)}.`,
    });
  }
  if (status.pausedFor.includes('user')) {
    banners.push({
      id: 'paused',
      tone: 'info',
      title: 'Checking is paused',
      text: 'No purge is checked until you resume.',
      action: { kind: 'resume-polling', label: 'Resume checking' },
    });
  } else if (status.pausedFor.includes('offline')) {
    banners.push({
      id: 'offline',
      tone: 'info',
      title: 'Offline',
      text: 'Checks resume when the network is back.',
    });
  }
  return banners;
}

const TONE_ICON: Record<BannerTone, IconName> = { error: 'alert', warning: 'alert', info: 'info' };

/** Shows banners; re-renders only when what they say changes, so screen readers hear each once. */
export class BannerArea {
  private shown = '';
  private readonly dismissed = new Map<string, string>();

  constructor(
    private readonly root: HTMLElement,
    private readonly onAction: (action: BannerAction) => void,
  ) {
    root.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (!button) return;
      const action = button.dataset.action as BannerAction;
      if (action === 'dismiss') {
        const banner = button.closest<HTMLElement>('.banner');
        if (banner?.dataset.id) this.dismissed.set(banner.dataset.id, banner.dataset.text ?? '');
        banner?.remove();
        return;
      }
      this.onAction(action);
    });
  }

  show(banners: readonly Banner[]): void {
    const visible = banners.filter((b) => this.dismissed.get(b.id) !== b.text);
    const signature = JSON.stringify(visible);
    if (signature === this.shown) return;
    this.shown = signature;
    this.root.replaceChildren(...visible.map((banner) => this.render(banner)));
  }

  private render(banner: Banner): HTMLElement {
    const box = document.createElement('div');
    box.className = `banner banner-${banner.tone}`;
    box.dataset.id = banner.id;
    box.dataset.text = banner.text;
    box.setAttribute('role', banner.tone === 'info' ? 'status' : 'alert');
    const icon = createIcon(TONE_ICON[banner.tone]);
    icon.classList.add('banner-icon');
    const body = document.createElement('div');
    body.className = 'banner-body';
    const title = document.createElement('strong');
    title.className = 'banner-title';
    title.textContent = banner.title;
    const text = document.createElement('p');
    text.className = 'banner-text';
    text.textContent = banner.text;
    body.append(title, text);
    box.append(icon, body);
    if (banner.action) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = banner.action.kind === 'dismiss' ? 'button button-quiet' : 'button';
      button.dataset.action = banner.action.kind;
      button.textContent = banner.action.label;
      box.append(button);
    }
    return box;
  }
}
