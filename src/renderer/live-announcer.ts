// Says what happened to purges through a polite live region, batched: completions that arrive
// close together become one sentence ("2 purges completed: hero.jpg, logo.svg."), and so do new
// problems. `settledSentences` is pure (tested as data); `LiveAnnouncer` batches and speaks.

import { STATE_WORDS } from '../shared/state-words';

/** How long completions are gathered before they are said together. */
const BATCH_MS = 1_200;
/** Names listed in one sentence; the rest are counted. */
const MAX_NAMES = 3;

interface Settled {
  completed: string[];
  notFound: string[];
  givenUp: string[];
}

function names(list: readonly string[]): string {
  if (list.length <= MAX_NAMES) return list.join(', ');
  return `${list.slice(0, MAX_NAMES).join(', ')} and ${list.length - MAX_NAMES} more`;
}

function purges(n: number): string {
  return n === 1 ? '1 purge' : `${n} purges`;
}

export function settledSentences(settled: Settled): string[] {
  const said: string[] = [];
  const { completed, notFound, givenUp } = settled;
  if (completed.length === 1) said.push(`Purge completed: ${names(completed)}.`);
  else if (completed.length > 1) {
    said.push(`${purges(completed.length)} completed: ${names(completed)}.`);
  }
  // In the words of the rows' statuses (window-words.ts).
  if (notFound.length > 0) {
    said.push(`${purges(notFound.length)} ${STATE_WORDS.not_found}: ${names(notFound)}.`);
  }
  if (givenUp.length > 0) {
    said.push(`${purges(givenUp.length)} ${STATE_WORDS.given_up}: ${names(givenUp)}.`);
  }
  return said;
}

/** The names a sentence needs: the first few by `name`, the rest only counted. */
function named<T>(items: readonly T[], name: (item: T) => string): string[] {
  return items.map((item, i) => (i < MAX_NAMES ? name(item) : ''));
}

export class LiveAnnouncer<T> {
  private batch: { completed: T[]; notFound: T[]; givenUp: T[] } = {
    completed: [],
    notFound: [],
    givenUp: [],
  };
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `name` is asked only for the purges a sentence names (a burst of 100 costs 3 names). */
  constructor(
    private readonly region: HTMLElement,
    private readonly name: (item: T) => string,
  ) {}

  settled(kind: keyof Settled, item: T): void {
    this.batch[kind].push(item);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const { completed, notFound, givenUp } = this.batch;
    const text = settledSentences({
      completed: named(completed, this.name),
      notFound: named(notFound, this.name),
      givenUp: named(givenUp, this.name),
    }).join(' ');
    this.batch = { completed: [], notFound: [], givenUp: [] };
    if (text === '') return;
    // A fresh node per message: screen readers announce additions to a polite region.
    const line = document.createElement('p');
    line.textContent = text;
    this.region.replaceChildren(line);
  }
}
