// Nothing tracked is lost when the app is ended from outside. The purges file and the duration
// history coalesce polling results into a write every few seconds and `before-quit` flushes
// them, but `before-quit` is not always reached:
// - Linux and macOS shutdown or reboot: powerMonitor emits `shutdown` first.
// - SIGTERM, SIGINT, SIGHUP (a Linux session ending, `kill`, Ctrl-C under `npm start`): the
//   settings file's writer (electron-store's conf, through atomically) registers `when-exit`
//   hooks that, after their own clean-up, re-raise the signal with no listener left, which kills
//   the process before Electron's graceful quit. A listener of our own flushes and quits, and,
//   staying registered, turns the re-raised signal into a no-op. Windows' SIGBREAK (Ctrl-Break in
//   the console of `npm start`) ends a process that does not listen for it: ours does, the same.
// - Windows shutdown, restart or logout: Electron emits neither `before-quit` nor powerMonitor
//   `shutdown` there, so both files write through instead (`storeWriteDelayMs`).
import { powerMonitor } from 'electron';

export const QUIT_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;

/** The store's write coalescing: none on Windows, where nothing warns of a shutdown. */
export function storeWriteDelayMs(platform: NodeJS.Platform): number | undefined {
  return platform === 'win32' ? 0 : undefined;
}

interface QuitGuardPorts {
  /** Write what is waiting and stop; called once. */
  closeDown: () => void;
  quit: () => void;
  signals?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

/** Flushes and quits on a system shutdown or a quit signal; returns a function that stops it. */
export function guardQuit(ports: QuitGuardPorts): () => void {
  const signals = ports.signals ?? process;
  const onQuitSignal = (): void => {
    ports.closeDown();
    ports.quit();
  };
  for (const signal of QUIT_SIGNALS) signals.on(signal, onQuitSignal);
  powerMonitor.on('shutdown', onQuitSignal);
  return () => {
    for (const signal of QUIT_SIGNALS) signals.off(signal, onQuitSignal);
    powerMonitor.off('shutdown', onQuitSignal);
  };
}
