// The fake ImageKit in a process of its own, so a benchmark measures only Purge Watch's CPU.
// Usage: tsx bench/fake-server-process.ts [--purges N] [--complete-from MS] [--complete-within MS] [--seed S]
//        [--rate-limit PER_SECOND]
// Seeds N purges completing at times drawn uniformly in [from, within] ms, then prints one JSON
// line: {"baseUrl", "privateKey", "requestIds"}. Stops on SIGTERM or when stdin closes.
// --rate-limit: the account's limit, advertised and enforced (429 past it) on both endpoints;
// without it, a limit no benchmark meets.
import { objectIdAt, startFakeImageKit } from '../test/fake-imagekit/server';
import { seededRandom } from '../test/support/seeded-random';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const purges = option('--purges', 0);
const from = option('--complete-from', 0);
const within = option('--complete-within', 0);
const random = seededRandom(option('--seed', 1));

// The overhead bench sends thousands of requests a second: by default a limit it never meets.
const account = { limit: option('--rate-limit', 1_000_000), intervalMs: 1_000 };
const fake = await startFakeImageKit({
  recordRequests: false,
  rateLimits: { status: account, submit: account },
});
const now = Date.now();
const requestIds = Array.from({ length: purges }, () =>
  fake.addPurge(objectIdAt(now), {
    completeAfterMs: Math.round(from + random() * (within - from)),
  }),
);
process.stdout.write(
  `${JSON.stringify({ baseUrl: fake.baseUrl, privateKey: fake.privateKey, requestIds })}\n`,
);
const stop = (): void => void fake.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
