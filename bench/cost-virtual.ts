// The work of polling N pending purges, on the virtual clock, for callgrind to count
// (bench/cost.ts runs it): `cost-virtual N HORIZON_MS` pastes N IDs of purges submitted a minute
// earlier (each checked every 6–24 s meanwhile, completing 12–20 minutes after its submission),
// with no budget, polls them for HORIZON_MS of virtual time, and prints how many status requests
// were made. Instruction counts do not depend on the machine's load: two horizons' difference ÷
// their requests' difference is what one more request costs (what both runs share, starting Node
// and adding the purges, cancels out).
import { Tracker } from '../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../test/support/simulated-imagekit';
import { seededRandom } from '../test/support/seeded-random';
import { VirtualClock } from '../test/support/virtual-clock';
import { UNCONSTRAINED } from './detection';

const SUBMITTED_BEFORE_MS = 60_000;

export async function pollFor(pending: number, horizonMs: number): Promise<number> {
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock);
  const random = seededRandom(pending);
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    clock,
    random: seededRandom(7),
    budget: { ...UNCONSTRAINED, share: null },
  });
  tracker.start();
  const submitted = clock.now() - SUBMITTED_BEFORE_MS;
  const ids = Array.from({ length: pending }, (_, i) => requestIdAt(submitted, i + 1));
  for (const id of ids) api.addPurge(id, submitted + 720_000 + random() * 480_000);
  await tracker.add(ids);
  await clock.advance(horizonMs);
  tracker.close();
  return api.calls.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [pending, horizonMs] = process.argv.slice(2).map(Number);
  process.stdout.write(`${JSON.stringify({ requests: await pollFor(pending!, horizonMs!) })}\n`);
}
