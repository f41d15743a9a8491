// `purge-watch wait <id>...` (and `purge --wait`): the engine's tracker, in memory, until every
// purge has completed or failed, the key is refused, or --timeout passes.
import type { TimerHandle } from '../core/clock';
import type { ImageKitClient } from '../core/imagekit-client';
import { Tracker } from '../core/tracker';
import { formatDuration } from '../shared/format';
import type { PurgeRequest } from '../shared/purge';
import type { CliContext } from './cli-context';
import { apiClient, pollScale, scaledSchedule } from './cli-context';
import { ExitCode } from './exit-codes';
import { requestIdOperands } from './operands';
import type { Output } from './output';
import { describeError, errorData } from './output';

export interface WaitTarget {
  requestId: string;
  /** Known when this run submitted the purge. */
  url?: string;
}

/** `purge-watch wait <id>...`. */
export async function waitCommand(
  context: CliContext,
  operands: readonly string[],
  timeoutMs: number,
  output: Output,
): Promise<ExitCode> {
  const ids = await requestIdOperands(operands, context.stdin);
  const targets = ids.map((requestId) => ({ requestId }));
  return waitForPurges(context, apiClient(context), targets, timeoutMs, output);
}

export async function waitForPurges(
  context: CliContext,
  client: ImageKitClient,
  targets: readonly WaitTarget[],
  timeoutMs: number,
  output: Output,
): Promise<ExitCode> {
  const { clock } = context;
  const tracker = new Tracker({ api: client, clock, schedule: scaledSchedule(pollScale(context)) });
  const startedAt = clock.now();
  const unsettled = new Set(targets.map((t) => t.requestId));
  let exitCode: ExitCode = ExitCode.ok;
  let finish: (code: ExitCode) => void = () => undefined;
  const finished = new Promise<ExitCode>((resolve) => (finish = resolve));

  const settle = (purge: PurgeRequest, code: ExitCode) => {
    if (!unsettled.delete(purge.requestId)) return;
    if (code !== ExitCode.ok) exitCode = code;
    if (unsettled.size === 0) finish(exitCode);
  };
  tracker.on('completed', (purge) => {
    const took = (purge.completedAt ?? clock.now()) - purge.submittedAt;
    output.clearProgress();
    output.result(`${label(purge)}  ${purge.status} after ${formatDuration(took)}`, {
      requestId: purge.requestId,
      ...(purge.url ? { url: purge.url } : {}),
      status: purge.status,
      durationMs: took,
    });
    settle(purge, ExitCode.ok);
  });
  tracker.on('failed', (purge) => {
    // Giving up is its own outcome: the purge may exist and still be pending.
    const error =
      purge.state === 'given-up'
        ? {
            kind: 'given_up',
            message: `still ${purge.status || 'unanswered'} ${formatDuration(clock.now() - purge.submittedAt)} after it was submitted; stopped checking.`,
          }
        : (purge.lastError ?? { kind: 'transient', message: 'Failed.' });
    output.clearProgress();
    output.result(`${label(purge)}  error: ${describeError(error)}`, {
      requestId: purge.requestId,
      error: errorData(error),
    });
    settle(purge, ExitCode.failed);
  });
  tracker.on('auth-required', (error) => {
    output.clearProgress();
    output.error(error.message);
    finish(ExitCode.auth);
  });

  const timeout = clock.setTimeout(() => finish(ExitCode.timeout), timeoutMs);
  let ticker: TimerHandle | undefined;
  const tick = () => {
    output.progress(
      `Waiting for ${unsettled.size} of ${targets.length} purge${targets.length === 1 ? '' : 's'} · ${formatDuration(clock.now() - startedAt)} elapsed`,
    );
    ticker = clock.setTimeout(tick, 1_000);
  };
  if (output.showsProgress) tick();

  for (const target of targets) {
    await tracker.add([target.requestId], target.url ? { url: target.url } : {});
  }
  const code = await finished;
  clock.clearTimeout(timeout);
  if (ticker !== undefined) clock.clearTimeout(ticker);
  output.clearProgress();
  if (code === ExitCode.timeout) {
    for (const requestId of unsettled) {
      const purge = tracker.get(requestId);
      const message = `still ${purge?.status || 'unanswered'} after --timeout ${formatDuration(timeoutMs)}`;
      output.result(`${purge ? label(purge) : requestId}  timed out: ${message}`, {
        requestId,
        ...(purge?.status ? { status: purge.status } : {}),
        error: { kind: 'timeout', message },
      });
    }
  }
  tracker.close();
  return code;
}

function label(purge: PurgeRequest): string {
  return purge.url ? `${purge.requestId}  ${purge.url}` : purge.requestId;
}
