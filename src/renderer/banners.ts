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

/** A wait in words, coarse enough that a banner changes once a minute, not every second. */
export function waitInWords(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return 'in less than a minute';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'in about an hour' : `in about ${hours} hours`;
}

/**
 * Advice meant for the command line ("…, or set IMAGEKIT_PRIVATE_KEY instead") taken out: the
 * window's users set the key in Settings. Kept when the key actually comes from there.
 */
export function withoutEnvironmentAdvice(text: string, key: KeyStatus): string {
  if (key.source === 'environment') return text;
  return text
    .replace(/,?\s*or set IMAGEKIT_PRIVATE_KEY[^.]*/g, '')
    .replace(/[^.]*\bIMAGEKIT_PRIVATE_KEY\b[^.]*\.\s*/g, '')
    .trim();
}

export function bannersFor(status: TrackerStatus, key: KeyStatus, now: number): Banner[] {
  const banners: Banner[] = [];
  if (key.problem) {
    banners.push({
      id: 'keychain',
      tone: 'error',
      title: 'The keychain cannot be used',
      text: withoutEnvironmentAdvice(key.problem, key),
      action: { kind: 'open-settings', label: 'Open settings' },
    });
  }
  if (key.source === 'none' && !key.problem) {
    banners.push({
      id: 'no-key',
      tone: status.authProblem ? 'error' : 'warning',
      title: 'Add your private key to start checking',
      text: 'Find it in the ImageKit dashboard under Developer options.',
      action: { kind: 'set-key', label: 'Set key' },
    });
  } else if (status.authProblem && key.source !== 'none') {
    banners.push({
      id: 'auth',
      tone: 'error',
      title: 'ImageKit refused the private key',
      text:
        key.source === 'environment'
          ? 'Checking is on hold. The key comes from the IMAGEKIT_PRIVATE_KEY environment variable: correct it there and restart Purge Watch.'
          : 'Checking is on hold until you replace it with the right private key.',
      ...(key.source === 'environment'
        ? {}
        : { action: { kind: 'set-key', label: 'Replace key' } }),
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
      text: `Checks resume ${waitInWords(status.rateLimitedUntil - now)}.`,
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
