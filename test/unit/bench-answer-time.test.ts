// The bench's answer time (`npm run bench -- --workload FILE --answer-ms MS`): the simulated
// ImageKit then answers each status check MS later, having read the purge's state halfway, as a
// server does on a network whose two ways take as long. A purge that completes after that read
// is still Pending in this answer, and the figures count its detection from the answer's arrival.
import { describe, expect, it } from 'vitest';
import { purgeWatchPoller, simulateDetection } from '../../bench/detection';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

describe('answers that take time', () => {
  it('read the state halfway: a purge completing after the read answers Pending, at the end', async () => {
    const clock = new VirtualClock();
    const api = new SimulatedImageKit(clock);
    api.latencyMs = 1_000;
    api.looksAt = 0.5;
    const id = requestIdAt(clock.now(), 1);
    api.addPurge(id, clock.now() + 600);
    let answer: Awaited<ReturnType<SimulatedImageKit['getPurgeStatus']>> | undefined;
    void api.getPurgeStatus(id).then((outcome) => (answer = outcome));
    await clock.advance(999);
    expect(answer).toBeUndefined();
    await clock.advance(1);
    expect(answer).toMatchObject({ ok: true, status: 'Pending' });
    // The same question read as it answers (the default) sees it complete.
    api.looksAt = 1;
    void api.getPurgeStatus(id).then((outcome) => (answer = outcome));
    await clock.advance(1_000);
    expect(answer).toMatchObject({ ok: true, status: 'Completed' });
  });

  it('the bench reads halfway: every purge is found at least half an answer after it completed', async () => {
    // Fifty purges completing at odd moments, 6.1 s to 95.3 s.
    const completionSeconds = Array.from({ length: 50 }, (_, i) => 6.1 + i * 1.83);
    const workload = { name: 'fifty', completionSeconds };
    const { figures, delaysMs } = await simulateDetection(
      workload,
      purgeWatchPoller('default'),
      7,
      undefined,
      800,
    );
    expect(figures.detected).toBe(50);
    // Half an answer at least: the read comes 400 ms before the answer arrives.
    for (const delay of delaysMs) expect(delay).toBeGreaterThanOrEqual(400);
  });
});
