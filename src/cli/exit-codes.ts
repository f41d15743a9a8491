// The CLI's exit codes: a contract that scripts depend on.
export const ExitCode = {
  /** All fetched (status), all completed (wait, purge --wait), the command did its job. */
  ok: 0,
  /**
   * A request failed: not found, an API or network error after retries, maybe submitted; stdout
   * could not be written (a full disk: results lost); or an internal error (a bug, said on
   * stderr) ended the command.
   */
  failed: 1,
  /**
   * Usage error or invalid input (a wildcard ImageKit refuses, more URLs than --max-purges
   * without a yes at a terminal); no request was sent.
   */
  usage: 2,
  /** `--timeout` reached. */
  timeout: 3,
  /**
   * No key (also when keychain support is not installed), a public key, or the key rejected by
   * ImageKit (`key set`: nothing stored).
   */
  auth: 4,
  /** The OS keychain cannot be used (no Secret Service or D-Bus, locked, not answering). */
  keychain: 5,
  /**
   * `--verify`: every purge completed, but the CDN's nearest edge still served a copy from
   * before one of them after the re-checks.
   */
  stale: 6,
  /** The terminal closed (SIGHUP): 128 + 1. */
  hungUp: 129,
  /** Ctrl-C (SIGINT): 128 + 2. */
  interrupted: 130,
  /** stdout (or stderr) closed by the reader before the work was done (SIGPIPE): 128 + 13. */
  outputClosed: 141,
  /** SIGTERM: 128 + 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with this exit code and one line on stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
