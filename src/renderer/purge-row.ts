// One row of the purge list: its elements, built from one template, and painting a purge into
// them. Painting writes only the text that changed since the last paint, so a status change or a
// clock tick costs a few text nodes.
import type { PurgeRequest } from '../shared/purge';
import { createIcon } from './icons';
import type { IconName } from './icons';
import type { RowText, RowTimes, StatusKind } from './view-model';
import { rowText, rowTimes } from './view-model';

export type RowAction = 'copy' | 'check-now' | 'resume' | 'open' | 'remove';

const STATUS_ICON: Record<StatusKind, IconName> = {
  pending: 'clock',
  retrying: 'retry',
  completed: 'check',
  'not-found': 'question',
  'given-up': 'stop',
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

function rowTemplate(): HTMLLIElement {
  const li = element('li', 'purge-row');
  li.tabIndex = -1;

  const status = element('div', 'cell cell-status');
  const badge = element('span', 'status-badge');
  badge.append(createIcon('clock'), element('span', 'status-word'));
  status.append(badge, element('span', 'status-detail'));

  const main = element('div', 'cell cell-purge');
  const idLine = element('div', 'purge-id');
  idLine.append(
    hiddenLabel('Request ID '),
    element('code', 'request-id'),
    actionButton('copy', 'copy', 'Copy request ID'),
  );
  const error = element('p', 'purge-error');
  error.hidden = true;
  main.append(element('div', 'purge-title'), idLine, error);

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
  private readonly detail: HTMLElement;
  private readonly title: HTMLElement;
  private readonly id: HTMLElement;
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
    const [title, idLine, error] = main.children as unknown as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
    ];
    const [checkNow, resume, open] = actions.children as unknown as HTMLButtonElement[];
    li.dataset.id = purge.requestId;
    this.li = li;
    this.icon = badge.firstElementChild as SVGSVGElement;
    this.word = badge.lastElementChild as HTMLElement;
    this.detail = status.lastElementChild as HTMLElement;
    this.title = title;
    this.id = idLine.children[1] as HTMLElement;
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

  /** Makes this row the list's Tab stop (its buttons too), or not. */
  setTabStop(on: boolean): void {
    const index = on ? 0 : -1;
    this.li.tabIndex = index;
    for (const button of this.li.querySelectorAll('button')) button.tabIndex = index;
  }

  /** Shows `purge` (or the row's purge again), writing only what changed. */
  paint(now: number, purge: PurgeRequest = this.purge): void {
    this.purge = purge;
    const next = rowText(purge);
    const last = this.text;
    if (next.kind !== last?.kind) {
      this.li.dataset.kind = next.kind;
      const icon = createIcon(STATUS_ICON[next.kind]);
      this.icon.replaceWith(icon);
      this.icon = icon;
      this.word.textContent = next.statusWord;
    }
    if (next.label !== last?.label) this.li.setAttribute('aria-label', next.label);
    if (next.statusDetail !== last?.statusDetail) this.detail.textContent = next.statusDetail;
    if (next.url !== last?.url || !last) {
      this.title.textContent = next.url ?? 'Added by request ID';
      this.title.classList.toggle('no-url', next.url === undefined);
      this.title.title = next.url ?? '';
    }
    if (next.requestId !== last?.requestId) this.id.textContent = next.requestId;
    if (next.error !== last?.error) {
      this.error.textContent = next.error ?? '';
      this.error.title = next.error ?? '';
      this.error.hidden = next.error === undefined;
    }
    if (next.canCheckNow !== last?.canCheckNow) this.checkNow.hidden = !next.canCheckNow;
    if (next.canResume !== last?.canResume) this.resume.hidden = !next.canResume;
    if (next.canOpen !== last?.canOpen) this.open.hidden = !next.canOpen;
    this.text = next;
    this.paintTimes(now);
  }

  /** Rewrites the time cells whose text changed. */
  paintTimes(now: number): void {
    const next = rowTimes(this.purge, now);
    const last = this.times;
    if (next.added !== last?.added) this.added.textContent = next.added;
    if (next.duration !== last?.duration) this.duration.textContent = next.duration;
    if (next.durationLabel !== last?.durationLabel) {
      this.durationLabel.textContent = next.durationLabel;
    }
    if (next.lastChecked !== last?.lastChecked) this.lastChecked.textContent = next.lastChecked;
    if (next.checks !== last?.checks) this.checks.textContent = next.checks;
    this.times = next;
  }
}
