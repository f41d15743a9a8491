// One row of the purge list: its elements, built from one template, and painting a purge into
// them. Painting writes only the text that changed since the last paint, so a status change or a
// clock tick costs a few text nodes.
import type { PurgeRequest } from '../shared/purge';
import { createIcon } from './icons';
import type { IconName } from './icons';
import type { RowContext, RowText, RowTimes, StatusKind } from './view-model';
import { NO_ROW_CONTEXT, rowText, rowTimes } from './view-model';
import { ROW_WORDS } from './window-words';

export type RowAction = 'copy' | 'check-now' | 'resume' | 'open' | 'remove';

const STATUS_ICON: Record<StatusKind, IconName> = {
  pending: 'clock',
  retrying: 'retry',
  held: 'pause',
  completed: 'check',
  not_found: 'question',
  given_up: 'stop',
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function hiddenLabel(text: string): HTMLElement {
  return element('span', 'visually-hidden', text);
}

function actionButton(action: RowAction, icon: IconName, label: string): HTMLButtonElement {
  const button = element('button', `icon-button action-${action}`);
  button.type = 'button';
  button.tabIndex = -1;
  button.dataset.action = action;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.append(createIcon(icon));
  return button;
}

/** Text truncated in the middle: the head shrinks with an ellipsis, the tail always shows. */
function middleTruncated(className: string): HTMLElement {
  const box = element('span', `mid ${className}`);
  box.append(element('span', 'mid-head'), element('span', 'mid-tail'));
  return box;
}

function setMiddle(box: HTMLElement, [head, tail]: [string, string]): void {
  (box.firstChild as HTMLElement).textContent = head;
  (box.lastChild as HTMLElement).textContent = tail;
}

function rowTemplate(): HTMLLIElement {
  const li = element('li', 'purge-row');
  li.tabIndex = -1;

  const status = element('div', 'cell cell-status');
  const badge = element('span', 'status-badge');
  badge.append(createIcon('clock'), element('span', 'status-word'));
  status.append(badge);

  const main = element('div', 'cell cell-purge');
  const error = element('span', 'purge-error');
  error.hidden = true;
  // The title line: the account's chip (with several accounts), then what was purged.
  const head = element('div', 'purge-head');
  const account = element('span', 'account-chip');
  account.hidden = true;
  head.append(account, middleTruncated('purge-title'));
  main.append(head, middleTruncated('purge-place'), error);

  const added = element('div', 'cell cell-added');
  added.append(hiddenLabel('Added '), element('span', 'cell-value'));
  const duration = element('div', 'cell cell-duration');
  duration.append(
    hiddenLabel('Time: '),
    element('span', 'cell-value'),
    element('span', 'cell-sub'),
  );
  const checked = element('div', 'cell cell-checked');
  checked.append(
    hiddenLabel('Last checked '),
    element('span', 'cell-value'),
    element('span', 'cell-sub'),
  );

  const actions = element('div', 'cell cell-actions');
  actions.append(
    actionButton('copy', 'copy', 'Copy request ID'),
    actionButton('check-now', 'retry', 'Check now'),
    actionButton('resume', 'play', 'Resume checking'),
    actionButton('open', 'external', 'Open URL'),
    actionButton('remove', 'trash', 'Remove'),
  );
  li.append(status, main, added, duration, checked, actions);
  return li;
}

let template: HTMLLIElement | undefined;

export class PurgeRow {
  readonly li: HTMLLIElement;
  private icon: SVGSVGElement;
  private readonly word: HTMLElement;
  private readonly title: HTMLElement;
  private readonly account: HTMLElement;
  private readonly place: HTMLElement;
  private readonly error: HTMLElement;
  private readonly added: HTMLElement;
  private readonly duration: HTMLElement;
  private readonly durationLabel: HTMLElement;
  private readonly lastChecked: HTMLElement;
  private readonly checks: HTMLElement;
  private readonly checkNow: HTMLButtonElement;
  private readonly resume: HTMLButtonElement;
  private readonly open: HTMLButtonElement;
  private text: RowText | undefined;
  private times: RowTimes | undefined;

  constructor(
    public purge: PurgeRequest,
    now: number,
    private context: RowContext = NO_ROW_CONTEXT,
  ) {
    template ??= rowTemplate();
    const li = template.cloneNode(true) as HTMLLIElement;
    const [status, main, added, duration, checked, actions] = li.children as unknown as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    const badge = status.firstElementChild as HTMLElement;
    const [head, place, error] = main.children as unknown as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    const [account, title] = head.children as unknown as [HTMLElement, HTMLElement];
    const [, checkNow, resume, open] = actions.children as unknown as HTMLButtonElement[];
    li.dataset.id = purge.requestId;
    this.li = li;
    this.icon = badge.firstElementChild as SVGSVGElement;
    this.word = badge.lastElementChild as HTMLElement;
    this.title = title;
    this.account = account;
    this.place = place;
    this.error = error;
    this.added = added.lastElementChild as HTMLElement;
    this.duration = duration.children[1] as HTMLElement;
    this.durationLabel = duration.children[2] as HTMLElement;
    this.lastChecked = checked.children[1] as HTMLElement;
    this.checks = checked.children[2] as HTMLElement;
    this.checkNow = checkNow!;
    this.resume = resume!;
    this.open = open!;
    this.paint(now);
  }

  /** The row in full, as lines, the request ID first: URL, the error and its details. */
  get detailLines(): readonly string[] {
    return this.text?.detailLines ?? [];
  }

  /** Makes this row the list's Tab stop (its buttons too), or not. */
  setTabStop(on: boolean): void {
    const index = on ? 0 : -1;
    this.li.tabIndex = index;
    for (const button of this.li.querySelectorAll('button')) button.tabIndex = index;
  }

  /** Shows `purge` (or the row's purge again), writing only what changed. */
  paint(now: number, purge: PurgeRequest = this.purge, context: RowContext = this.context): void {
    this.purge = purge;
    this.context = context;
    const next = rowText(purge, context);
    const last = this.text;
    if (next.kind !== last?.kind) {
      this.li.dataset.kind = next.kind;
      const icon = createIcon(STATUS_ICON[next.kind]);
      this.icon.replaceWith(icon);
      this.icon = icon;
      this.word.textContent = next.statusWord;
    }
    if (next.label !== last?.label) this.li.setAttribute('aria-label', next.label);
    if (next.freshness !== last?.freshness) {
      if (next.freshness === undefined) delete this.li.dataset.freshness;
      else this.li.dataset.freshness = next.freshness;
    }
    if (next.url !== last?.url || !last) {
      const { title, place, byId } = next.identity;
      setMiddle(this.title, title);
      this.title.classList.toggle('by-id', byId);
      setMiddle(this.place, place ?? ['', '']);
      this.title.title = next.url ?? next.requestId;
    }
    if (next.account !== last?.account) {
      this.account.textContent = next.account ?? '';
      this.account.hidden = next.account === undefined;
      this.account.classList.toggle('looking-up', next.account === ROW_WORDS.lookingUp);
    }
    if (!last || next.error !== last.error || next.url !== last.url) {
      this.error.textContent = next.error ?? '';
      this.error.hidden = next.error === undefined;
      // The error takes the place line: a row has two lines of text.
      this.place.hidden = next.error !== undefined || next.identity.place === undefined;
    }
    if (next.fullText !== last?.fullText) this.li.title = next.fullText;
    if (next.canCheckNow !== last?.canCheckNow) this.checkNow.hidden = !next.canCheckNow;
    if (next.canResume !== last?.canResume) this.resume.hidden = !next.canResume;
    if (next.canOpen !== last?.canOpen) this.open.hidden = !next.canOpen;
    this.text = next;
    this.paintTimes(now);
  }
  /** Rewrites the time cells whose text changed. */
  paintTimes(now: number): void {
    const onHold = this.text?.kind === 'held';
    const next = rowTimes(this.purge, now, this.context.durations, onHold);
    const last = this.times;
    if (next.added !== last?.added) this.added.textContent = next.added;
    if (next.duration !== last?.duration) this.duration.textContent = next.duration;
    if (next.durationLabel !== last?.durationLabel) {
      this.durationLabel.textContent = next.durationLabel;
    }
    if (next.slow !== last?.slow) this.li.classList.toggle('slow', next.slow);
    if (next.lastChecked !== last?.lastChecked) this.lastChecked.textContent = next.lastChecked;
    if (next.checks !== last?.checks) this.checks.textContent = next.checks;
    this.times = next;
  }
}
