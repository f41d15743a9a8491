// Windows hands the app each click on one of its toasts through `Notification.handleActivation`
// (Electron's toast activator), also the click that started it: a toast clicked in the Action
// Center after the app quit starts the app, and the click is delivered at once, to whatever
// callback is registered then, or kept for the first one. So the callback is registered first
// thing, before the app is ready, and keeps each click until the notifier takes them
// (`deliverTo`). Windows delivers the click that started the app only once the toast activator
// is registered, which Electron does when it creates its notification presenter: `ready()`
// creates it at once instead of at the first notification.
import { Notification } from 'electron';

export class ToastActivations {
  private readonly waiting: string[] = [];
  private listener: ((launch: string) => void) | undefined;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {
    if (platform !== 'win32') return;
    Notification.handleActivation((details) => this.heard(details.arguments));
  }

  /** Once the app is ready: let Windows deliver a click that is waiting for the app. */
  ready(): void {
    if (this.platform === 'win32') Notification.isSupported();
  }

  /** Hand each click's launch arguments to `listener`: those kept so far, then each new one. */
  deliverTo(listener: (launch: string) => void): void {
    this.listener = listener;
    for (const launch of this.waiting.splice(0)) listener(launch);
  }

  private heard(launch: string): void {
    if (this.listener) this.listener(launch);
    else this.waiting.push(launch);
  }
}
