// The window: wires the preload API to the list, the add box, settings and banners. Pushes that
// arrive before the first snapshot are dropped: the snapshot already holds what they said.
import type { DurationSummary } from '../shared/duration-estimate';
import type { AccountsState, KeyStatus, PurgeWatchApi, WindowStatus } from '../shared/ipc';
import type { Settings } from '../shared/settings';
import type { PurgeRequest } from '../shared/purge';
import { AddPanel } from './add-panel';
import { BannerArea, bannersFor } from './banners';
import type { BannerAction } from './banners';
import { countsShown } from './filter';
import { fillIconPlaceholders } from './icons';
import { invokeErrorMessage } from './invoke-error';
import { HelpDialog } from './help-dialog';
import { installShortcuts } from './keyboard';
import { ListControls } from './list-controls';
import { LiveAnnouncer } from './live-announcer';
import { byId } from './page-elements';
import { DurationChart } from './duration-chart';
import { PurgeList } from './purge-list';
import type { RowAction } from './purge-row';
import { purgeWatchApi } from './purge-watch-api';
import { UndoableRemoval } from './removal';
import { SettingsPanel } from './settings-panel';
import { Toast } from './toast';
import { purgeName } from './row-identity';
import { RowDetail } from './row-detail';
import { checkingWords, clearedWords, countsSummary } from './window-words';
import { labelShortcutsForPlatform } from './keyboard';

const TICK_MS = 1_000;
const COPIED_MS = 1_500;

class PurgeWatchWindow {
  private status: WindowStatus = { pausedFor: [] };
  /** The default account's key. */
  private key: KeyStatus | undefined;
  private accounts: AccountsState = { accounts: [] };
  private durations: DurationSummary | undefined;
  private ready = false;
  /** A purge the main process asked to show before the first snapshot arrived. */
  private revealWhenReady: string | undefined;
  private readonly toast = new Toast(byId('announcer'));
  private readonly live = new LiveAnnouncer<PurgeRequest>(byId('live'), purgeName);
  private readonly rowDetail = new RowDetail(byId('row-detail'));
  private readonly summary = byId('summary');
  private readonly emptyState = byId('empty-state');
  private readonly listEmptied = byId('list-emptied');
  private readonly noMatch = byId('no-match');
  private readonly listHeader = document.querySelector<HTMLElement>('.list-header')!;
  private readonly listSticky = document.querySelector<HTMLElement>('.list-sticky')!;
  private readonly banners: BannerArea;
  private readonly list: PurgeList;
  private readonly controls: ListControls;
  private readonly addPanel: AddPanel;
  private readonly settings: SettingsPanel;
  private readonly help = new HelpDialog();
  private readonly removal: UndoableRemoval;
  private readonly chart: DurationChart;

  constructor(private readonly api: PurgeWatchApi) {
    fillIconPlaceholders(document);
    labelShortcutsForPlatform(document);
    this.banners = new BannerArea(byId('banners'), (action, account) =>
      this.onBanner(action, account),
    );
    const sticky = document.querySelector<HTMLElement>('.list-sticky')!;
    const header = document.querySelector<HTMLElement>('.app-header')!;
    this.list = new PurgeList(byId<HTMLUListElement>('purge-list'), {
      onAction: (action, purge, source) => void this.onRow(action, purge, source),
      onRendered: (shown, total) => this.onListRendered(shown, total),
      // For keyboard users: a click on a row's button shows no bar (it would appear under the
      // pointer, and take the click).
      onFocusRow: (row) =>
        this.rowDetail.show(
          row && document.activeElement?.matches(':focus-visible') ? row.li : undefined,
          row?.detailLines,
        ),
      onLeave: () => byId('purge-list-section').focus(),
      obscuredTop: () =>
        Math.max(header.getBoundingClientRect().bottom, sticky.getBoundingClientRect().bottom),
    });
    this.chart = new DurationChart(
      byId<HTMLDialogElement>('durations'),
      byId<HTMLButtonElement>('durations-caption'),
      byId('durations-text'),
      byId('durations-figure'),
      (now) => this.list.pendingAges(now),
    );
    this.removal = new UndoableRemoval(
      this.list,
      this.toast,
      (requestIds) => this.api.remove({ requestIds }),
      (error) => this.toast.say(invokeErrorMessage(error), 'error'),
      () => this.onListRendered(this.list.shownCount, this.list.size),
    );
    this.controls = new ListControls({
      onFilter: (filter) => this.list.setFilter(filter),
      // What is shown: every pending purge, or those the filter shows.
      onCheckAll: () => {
        if (!this.controls.isFiltered) {
          void this.run(this.api.checkNow({}), checkingWords(undefined));
          return;
        }
        const requestIds = this.list.shownIds('checkable');
        void this.run(this.api.checkNow({ requestIds }), checkingWords(requestIds.length));
      },
      onClearCompleted: () => {
        const ids = this.list.shownIds('completed');
        this.removal.remove(ids, clearedWords(ids.length, this.controls.isFiltered));
      },
    });
    this.addPanel = new AddPanel(
      api,
      () => this.list.release(),
      (said) => this.toast.say(said),
    );
    this.settings = new SettingsPanel(api);
    byId('open-settings').addEventListener('click', () => this.settings.open());
    byId('open-help').addEventListener('click', () => this.help.open());
    byId('try-sample').addEventListener('click', () => this.addPanel.fillSample());
    byId('clear-filter').addEventListener('click', () => {
      this.controls.reset();
      this.list.focusList();
    });
    document.addEventListener('click', (event) => {
      const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-external]');
      if (!link) return;
      event.preventDefault();
      void this.run(this.api.openUrl({ url: link.href }));
    });
    installShortcuts(
      () => this.settings.isOpen || this.help.isOpen || this.chart.isOpen,
      (shortcut) => {
        if (shortcut === 'focus-search') this.controls.focusSearch();
        else if (shortcut === 'clear-search') this.controls.clearSearch();
        else if (shortcut === 'focus-add') this.addPanel.focus();
        else if (shortcut === 'show-help') this.help.open();
        else if (shortcut === 'undo') return this.removal.undo();
        else this.settings.open();
        return true;
      },
    );
  }

  async start(): Promise<void> {
    const { api } = this;
    api.on('changed', (change) => {
      if (!this.ready) return;
      for (const purge of change.updated) {
        if (this.list.get(purge.requestId)?.state !== 'pending' || purge.state === 'pending') {
          continue;
        }
        const kind =
          purge.state === 'completed'
            ? 'completed'
            : purge.state === 'not_found'
              ? 'notFound'
              : 'givenUp';
        this.live.settled(kind, purge);
      }
      this.list.apply(change);
    });
    api.on('status', (status) => {
      if (this.ready) this.showStatus(status);
    });
    api.on('settings', (settings) => {
      if (this.ready) this.settings.showSettings(settings);
    });
    api.on('shortcut', (shortcut) => {
      if (this.ready) this.settings.showShortcut(shortcut);
    });
    api.on('update', (update) => {
      if (this.ready) this.settings.showUpdate(update);
    });
    api.on('loginItem', (loginItem) => {
      if (this.ready) this.settings.showLoginItem(loginItem);
    });
    api.on('key', (key) => {
      if (this.ready) this.showKey(key);
    });
    api.on('accounts', (accounts) => {
      if (this.ready) this.showAccounts(accounts);
    });
    api.on('focusPurge', (requestId) => {
      if (this.ready) this.reveal(requestId);
      else this.revealWhenReady = requestId;
    });
    // The paste box where the tray cannot read the clipboard (Wayland): a paste here works.
    api.on('focusSection', (section) =>
      section === 'paste' ? this.addPanel.focus() : this.settings.open(section),
    );
    api.on('durations', (durations) => {
      this.durations = durations;
      if (this.ready) {
        this.showBanners();
        this.chart.show(durations, Date.now());
      }
    });

    performance.mark('purge-watch:snapshot-asked');
    const snapshot = await api.getSnapshot();
    performance.mark('purge-watch:snapshot-received');
    this.list.replaceAll(snapshot.purges);
    performance.measure('purge-watch:first-render', 'purge-watch:snapshot-received');
    this.durations ??= snapshot.durations;
    this.chart.show(this.durations, Date.now());
    this.showSettings(snapshot.settings);
    this.settings.showShortcut(snapshot.shortcut);
    this.settings.showLoginItem(snapshot.loginItem);
    this.settings.showUpdate(snapshot.update);
    this.showKey(snapshot.key);
    this.showAccounts(snapshot.accounts);
    this.showStatus(snapshot.status);
    this.ready = true;
    document.body.dataset.ready = 'true';
    if (this.revealWhenReady !== undefined) this.reveal(this.revealWhenReady);
    this.revealWhenReady = undefined;
    setInterval(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    this.list.tick();
    this.chart.draw(Date.now());
    this.showBanners();
  }

  private showSettings(settings: Settings): void {
    this.settings.showSettings(settings);
  }

  private showStatus(status: WindowStatus): void {
    const held = String(this.heldAccounts());
    this.status = status;
    this.settings.showStatus(status);
    if (String(this.heldAccounts()) !== held)
      this.settings.showAccounts(this.accounts, this.heldAccounts());
    this.showBanners();
  }

  /** An account's key changed (the snapshot's is the default account's). */
  private showKey(key: KeyStatus): void {
    if (!this.key || key.account === this.defaultAccount()) this.key = key;
    this.settings.showKey(key);
    this.showBanners();
  }

  private showAccounts(accounts: AccountsState): void {
    this.accounts = accounts;
    const [first] = accounts.accounts;
    // The default account changed: what is known of its key is where it comes from.
    if (first && this.key && this.key.account !== first.name) {
      this.key = { account: first.name, source: first.source, keychain: this.key.keychain };
    } else if (!first && !accounts.problem && this.key && this.key.source !== 'none') {
      // The last account was removed: no key is left.
      this.key = { account: this.key.account, source: 'none', keychain: this.key.keychain };
    }
    const names = accounts.accounts.map((account) => account.name);
    this.controls.showAccounts(names);
    this.addPanel.showAccounts(accounts.accounts);
    this.settings.showAccounts(accounts, this.heldAccounts());
    this.showBanners();
  }

  /** The account new IDs are asked of first: the first in lookup order. */
  private defaultAccount(): string | undefined {
    return this.accounts.accounts[0]?.name ?? this.key?.account;
  }

  /** The accounts whose purges wait for a key that is missing or was refused. */
  private heldAccounts(): string[] {
    return (this.status.authProblems ?? []).map((problem) => problem.account);
  }

  private showBanners(): void {
    if (!this.key) return;
    const { accounts } = this.accounts;
    this.banners.show(bannersFor(this.status, this.key, Date.now(), accounts));
    const held = this.heldAccounts();
    this.list.setContext({
      // No key anywhere: every purge waits. Else those of the accounts held.
      waitingForKey: accounts.length === 0 && this.key.source === 'none',
      accountsOnHold: held,
      showAccounts: accounts.length > 1,
      durations: this.durations,
    });
  }

  private onListRendered(shown: number, total: number): void {
    // Nothing tracked: the first steps, no toolbar. Emptied by a removal that can still be
    // undone: a line saying so (the first steps would bury the Undo).
    const undoable = total === 0 && this.removal.isPending;
    this.emptyState.hidden = total > 0 || undoable;
    this.listEmptied.hidden = !undoable;
    this.listSticky.hidden = total === 0;
    this.noMatch.hidden = total === 0 || shown > 0;
    this.listHeader.hidden = shown === 0;
    const counts = this.list.counts();
    this.controls.showCounts(counts, total);
    const summary = countsSummary(countsShown(counts, this.controls.current.status), shown, total);
    if (this.summary.textContent !== summary) {
      this.summary.textContent = summary;
      this.summary.title = summary;
    }
  }

  private reveal(requestId: string): void {
    if (!this.list.get(requestId)) return;
    if (!this.list.reveal(requestId) && this.controls.isFiltered) {
      this.controls.reset();
      this.list.reveal(requestId);
    }
  }

  private onBanner(action: BannerAction, account?: string): void {
    if (action === 'set-key') this.settings.open('key', account);
    else if (action === 'open-settings') this.settings.open();
    else if (action === 'resume-polling') {
      void this.run(this.api.setPollingPaused({ paused: false }), 'Checking resumed.');
    }
  }

  private async onRow(action: RowAction, purge: PurgeRequest, source: HTMLElement): Promise<void> {
    const { requestId } = purge;
    switch (action) {
      case 'copy':
        try {
          await this.api.copyText({ text: requestId });
          source.classList.add('copied');
          setTimeout(() => source.classList.remove('copied'), COPIED_MS);
          this.toast.say('Request ID copied.');
        } catch (error) {
          this.toast.say(invokeErrorMessage(error), 'error');
        }
        return;
      case 'check-now':
        if (purge.state !== 'pending') return;
        return this.run(this.api.checkNow({ requestIds: [requestId] }), 'Checking now.');
      case 'resume':
        if (purge.state !== 'given_up') return;
        return this.run(this.api.resume({ requestId }), 'Checking again.');
      case 'open':
        if (purge.url) return this.run(this.api.openUrl({ url: purge.url }));
        return;
      case 'remove':
        this.removal.remove([requestId], `Removed ${purgeName(purge)}.`);
        return;
    }
  }

  /** Runs an action; says `done` when it worked, the error in words when not. */
  private run(action: Promise<unknown>, done?: string): Promise<void> {
    return action.then(
      () => {
        if (done) this.toast.say(done);
      },
      (error: unknown) => this.toast.say(invokeErrorMessage(error), 'error'),
    );
  }
}

function boot(): void {
  const view = new PurgeWatchWindow(purgeWatchApi());
  view.start().catch((error: unknown) => {
    const summary = document.getElementById('summary');
    if (summary) summary.textContent = `Purge Watch could not load: ${invokeErrorMessage(error)}`;
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
