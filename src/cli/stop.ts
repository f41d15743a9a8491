// Why a command was stopped before its work was done, and the exit code each reason means
// (128 + the signal's number, as shells report a process killed by it).
import { ExitCode } from './exit-codes';

/**
 * SIGINT (Ctrl-C), SIGTERM, SIGHUP (the terminal closed), or the reader closed stdout/stderr
 * (EPIPE: SIGPIPE's convention).
 */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE';

const EXIT_CODES: Record<StopReason, ExitCode> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGHUP: ExitCode.hungUp,
  EPIPE: ExitCode.outputClosed,
};

export function stopExitCode(reason: StopReason): ExitCode {
  return EXIT_CODES[reason];
}

/** The reason a stop signal was aborted with (anything else counts as SIGTERM). */
export function stopReason(signal: AbortSignal): StopReason {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' && Object.hasOwn(EXIT_CODES, reason)
    ? (reason as StopReason)
    : 'SIGTERM';
}

/** Resolves with the reason once `signal` is aborted; never when there is no signal. */
export function whenStopped(signal: AbortSignal | undefined): Promise<StopReason> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve(stopReason(signal));
    signal.addEventListener('abort', () => resolve(stopReason(signal)), { once: true });
  });
}
