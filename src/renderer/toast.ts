// Short confirmations ("Request ID copied") and failures of row actions: shown for a moment at
// the bottom of the window and read out by screen readers (the element is a status region).

const SHOW_MS = 3_500;

export class Toast {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: HTMLElement) {}

  say(text: string, tone: 'info' | 'error' = 'info'): void {
    clearTimeout(this.timer);
    this.root.textContent = text;
    this.root.dataset.tone = tone;
    this.root.classList.add('visible');
    this.timer = setTimeout(() => {
      this.root.classList.remove('visible');
      this.root.textContent = '';
    }, SHOW_MS);
  }
}
