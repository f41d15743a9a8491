// The static page's elements, found by ID; a missing one is a bug in index.html, said loudly.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no element #${id}.`);
  return found as T;
}

/**
 * Keyboard focus to the list of purges (the element marked data-focus-fallback): where it goes
 * when what held it is gone, rather than back to the page's start.
 */
export function focusFallback(): void {
  document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
}
