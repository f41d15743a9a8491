// The update line in settings, under "Look for new versions": what the updater is doing or has
// to offer, as the tray knows it (up to date, looking, downloading, ready to install, a version
// to download by hand, a day of failed looks, or that this copy does not update itself), with
// "Check now", and "Restart to update" once an update is downloaded. Hidden where the app has no
// updater to ask (the browser tests' core).
import type { PurgeWatchApi } from '../shared/ipc';
import type { UpdateStatus } from '../shared/update';
import { showFormMessage } from './form-message';
import { invokeErrorMessage } from './invoke-error';
import { byId } from './page-elements';
import type { UpdateOffer } from './window-words';
import { updateLine } from './window-words';

export class UpdateSetting {
  private readonly box = byId('update-box');
  private readonly line = byId('update-status');
  private readonly check = byId<HTMLButtonElement>('update-check');
  private readonly install = byId<HTMLButtonElement>('update-install');
  private readonly download = byId<HTMLButtonElement>('update-download');
  private readonly message = byId('update-message');
  private status: UpdateStatus | undefined;
  private checksOn = true;
  private offer: UpdateOffer = 'none';

  constructor(private readonly api: PurgeWatchApi) {
    this.box.hidden = true;
    // Never disabled (a disabled button drops its focus): a look under way makes it say so.
    this.check.addEventListener('click', () => {
      if (this.offer !== 'check') return;
      this.act(() => this.api.checkForUpdates());
    });
    this.install.addEventListener('click', () => this.act(() => this.api.installUpdate()));
    this.download.addEventListener('click', () => {
      const url = this.status?.route === 'none' ? undefined : this.status?.releasePage;
      if (url !== undefined) this.act(() => this.api.openUrl({ url }));
    });
  }

  /** Auto-update's state (undefined: the app has no updater here). */
  showStatus(status: UpdateStatus | undefined): void {
    this.status = status;
    this.render();
  }

  /** "Look for new versions" changed: the line says so where it matters. */
  showChecksOn(on: boolean): void {
    this.checksOn = on;
    this.render();
  }

  /** Worded again (a day of failed looks is counted from now): when settings open. */
  render(): void {
    const { status } = this;
    this.box.hidden = status === undefined;
    if (status === undefined) return;
    const line = updateLine(status, this.checksOn, Date.now());
    // Said again only when it changed (a status region reads out every new text).
    if (this.line.textContent !== line.text) this.line.textContent = line.text;
    if (line.warning) this.line.dataset.tone = 'warning';
    else this.line.removeAttribute('data-tone');
    const focused = document.activeElement;
    const had = [this.check, this.install, this.download].find((button) => button === focused);
    this.offer = line.offer;
    this.check.hidden = line.offer !== 'check' && line.offer !== 'busy';
    this.check.setAttribute('aria-disabled', String(line.offer === 'busy'));
    this.install.hidden = line.offer !== 'install';
    this.download.hidden = line.offer !== 'download';
    // The button in focus went (an update downloaded meanwhile): focus the one that came.
    if (had?.hidden) {
      const shown = [this.install, this.download, this.check].find((button) => !button.hidden);
      shown?.focus();
    }
  }

  private act(request: () => Promise<unknown>): void {
    showFormMessage(this.message, '');
    request().catch((error: unknown) => {
      showFormMessage(this.message, invokeErrorMessage(error), 'error');
    });
  }
}
