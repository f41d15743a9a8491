// Shows an Outcome (what adding or purging did) as a summary line and a capped list of details.
import type { Outcome } from './outcome-text';

const MAX_DETAILS = 12;

export function showOutcome(root: HTMLElement, outcome: Outcome | undefined): void {
  if (!outcome) {
    root.replaceChildren();
    root.removeAttribute('data-tone');
    return;
  }
  root.dataset.tone = outcome.tone;
  const summary = document.createElement('p');
  summary.className = 'outcome-summary';
  summary.textContent = outcome.summary;
  const parts: HTMLElement[] = [summary];
  if (outcome.details.length > 0) {
    const list = document.createElement('ul');
    list.className = 'outcome-details';
    for (const line of outcome.details.slice(0, MAX_DETAILS)) {
      const item = document.createElement('li');
      item.textContent = line;
      list.append(item);
    }
    const more = outcome.details.length - MAX_DETAILS;
    if (more > 0) {
      const item = document.createElement('li');
      item.textContent = `…and ${more} more.`;
      list.append(item);
    }
    parts.push(list);
  }
  root.replaceChildren(...parts);
}
