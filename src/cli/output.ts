// How results reach the terminal: one human line or one JSON object per result on stdout;
// errors as one line on stderr.
import type { OutputStream } from './cli-context';

const KIND_WORDS: Record<string, string> = {
  not_found: 'not found',
  auth: 'authentication failed',
  rate_limited: 'rate limited',
  transient: 'temporary failure',
  protocol: 'unexpected answer',
  rejected: 'rejected',
  timeout: 'timed out',
  given_up: 'gave up',
};

export class Output {
  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    readonly json: boolean,
  ) {}

  /** One result: `human` on a terminal or pipe, `data` as one JSON line with --json. */
  result(human: string, data: object): void {
    this.stdout.write(this.json ? `${JSON.stringify(data)}\n` : `${human}\n`);
  }

  /** One line on stderr. */
  error(message: string): void {
    this.stderr.write(`purge-watch: ${message}\n`);
  }

  /** Progress is for people: only on a terminal, never with --json or when piped. */
  get showsProgress(): boolean {
    return !this.json && this.stderr.isTTY === true;
  }

  /** A transient line on a terminal's stderr, replaced by the next one. */
  progress(text: string): void {
    if (this.showsProgress) this.stderr.write(`\r\x1b[2K${text}`);
  }

  clearProgress(): void {
    if (this.showsProgress) this.stderr.write('\r\x1b[2K');
  }
}

export function describeError(error: { kind: string; message: string }): string {
  return `${error.message} (${KIND_WORDS[error.kind] ?? error.kind})`;
}

export function errorData(error: { kind: string; message: string }): {
  kind: string;
  message: string;
} {
  return { kind: error.kind, message: error.message };
}
