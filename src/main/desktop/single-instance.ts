// One Purge Watch per user. A second launch (`purge-watch --track <id>`, a clicked
// `purgewatch://` link) hands its arguments to the running instance and quits; on macOS links
// arrive in the running instance through `open-url`. Hand-offs that arrive before the app is
// ready are kept until something takes them.
import path from 'node:path';
import { app } from 'electron';
import { LINK_SCHEME } from './app-identity';
import { handedOverArgv } from './launch-args';

type HandOffListener = (argv: string[]) => void;

interface SingleInstance {
  /** False in a second instance: it has handed its argv over and is quitting. */
  readonly primary: boolean;
  /** Receive hand-offs: the ones that arrived already, then each new one. */
  deliverTo(listener: HandOffListener): void;
}

export function claimSingleInstance(argv: readonly string[] = process.argv): SingleInstance {
  // The exact argv travels as additionalData: Chromium may reorder the argv it passes on.
  const primary = app.requestSingleInstanceLock({ argv: [...argv] });
  if (!primary) {
    app.quit();
    return { primary, deliverTo: () => undefined };
  }
  const waiting: string[][] = [];
  let listener: HandOffListener | undefined;
  const handOff = (args: string[]): void => {
    if (listener) listener(args);
    else waiting.push(args);
  };
  app.on('second-instance', (_event, secondArgv, _workingDirectory, additionalData) => {
    handOff(handedOverArgv(secondArgv, additionalData));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handOff([url]);
  });
  return {
    primary,
    deliverTo(next) {
      listener = next;
      for (const args of waiting.splice(0)) next(args);
    },
  };
}

/**
 * Make `purgewatch://` links open this app. Run from sources (`electron .`), the OS has to
 * start Electron with the app's directory, or the link would open a bare Electron.
 */
export function registerLinkScheme(): boolean {
  const appDirectory = process.defaultApp ? process.argv[1] : undefined;
  if (appDirectory) {
    return app.setAsDefaultProtocolClient(LINK_SCHEME, process.execPath, [
      path.resolve(appDirectory),
    ]);
  }
  return app.setAsDefaultProtocolClient(LINK_SCHEME);
}
