// Submitting one cache purge to ImageKit. A 429 is waited out as the retry policy says
// (SUBMISSION_RETRIES: never a second try after an answer that was lost), and polling holds
// and learns the budget from every answer meanwhile. The tracker tracks what was accepted.
import type { Clock } from '../clock';
import { waitUnlessAborted } from '../clock';
import type { PurgeStatusApi } from './imagekit-client';
import type { SubmitOutcome } from './imagekit-answer';
import type { PollScheduler } from '../tracking/poll-scheduler';
import type { RetryPolicy } from './retry-policy';

interface SubmissionPorts {
  api: Pick<PurgeStatusApi, 'submitPurge'>;
  clock: Clock;
  /** The poller: it learns the budget from each answer and holds during a 429. */
  scheduler: Pick<PollScheduler, 'learn' | 'holdUntil'>;
  retries: RetryPolicy;
  /** Aborted when the tracker closes: a wait in progress ends, nothing more is sent. */
  closed: AbortSignal;
}

/** ImageKit's last answer to submitting `url`, after the retries the policy allows. */
export async function submitPurge(url: string, ports: SubmissionPorts): Promise<SubmitOutcome> {
  const { api, clock, scheduler, retries, closed } = ports;
  for (;;) {
    const outcome = await api.submitPurge(url);
    scheduler.learn(outcome.rateLimit);
    const retry = outcome.ok ? undefined : retries.failed(url, outcome.error);
    if (retry === undefined || closed.aborted) return outcome;
    if (retry.kind === 'hold') scheduler.holdUntil(clock.now() + retry.waitMs);
    await waitUnlessAborted(clock, retry.waitMs, closed);
    if (closed.aborted) return outcome;
  }
}
