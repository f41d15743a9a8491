// Writes the committed workloads in bench/workloads/ from fixed seeds, so they can be regenerated
// and reviewed: `npx tsx bench/generate-workloads.ts`; `-- --fresh SEED [--out DIR]` writes a few
// deploys drawn at random instead (`freshDeploys`), to check the schedule on workloads it never saw.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { seededRandom } from '../test/support/seeded-random';
import type { Workload } from './workload';

const DIRECTORY = fileURLToPath(new URL('./workloads/', import.meta.url));

type Random = () => number;

/** Log-uniform between `low` and `high` seconds, to 0.1 s. */
function between(random: Random, low: number, high: number): number {
  const value = Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
  return Math.round(value * 10) / 10;
}

/** Picks a band by weight, then a time in it. */
function mixture(random: Random, bands: Array<[weight: number, low: number, high: number]>) {
  let pick = random() * bands.reduce((sum, [weight]) => sum + weight, 0);
  for (const [weight, low, high] of bands) {
    if ((pick -= weight) <= 0) return between(random, low, high);
  }
  const [, low, high] = bands[bands.length - 1]!;
  return between(random, low, high);
}

/** Poisson arrivals: exponential gaps with this mean, to 0.1 s. */
function arrivals(random: Random, count: number, meanGapSeconds: number): number[] {
  let at = 0;
  return Array.from({ length: count }, (_, index) => {
    if (index > 0) at += -Math.log(1 - random()) * meanGapSeconds;
    return Math.round(at * 10) / 10;
  });
}

const MINUTES: Array<[number, number, number]> = [
  [10, 20, 60],
  [85, 60, 180],
  [5, 180, 360],
];

function minutes(): Workload {
  const random = seededRandom(1);
  const count = 400;
  return {
    name: 'minutes',
    description:
      'Everyday use: 400 purges, one every 45 s on average; 85% complete in 1–3 min, 10% in 20–60 s, 5% in 3–6 min.',
    completionSeconds: Array.from({ length: count }, () => mixture(random, MINUTES)),
    submittedAtSeconds: arrivals(random, count, 45),
  };
}

function longTail(): Workload {
  const random = seededRandom(2);
  const count = 300;
  return {
    name: 'long-tail',
    description:
      'A long tail: 300 purges, one every 150 s on average; 40% complete in 1–3 min, 35% in 3–8 min, 25% in 8–15 min.',
    completionSeconds: Array.from({ length: count }, () =>
      mixture(random, [
        [40, 60, 180],
        [35, 180, 480],
        [25, 480, 900],
      ]),
    ),
    submittedAtSeconds: arrivals(random, count, 150),
  };
}

function fast(): Workload {
  const random = seededRandom(3);
  const count = 300;
  return {
    name: 'fast',
    description:
      'Fast purges: 300 purges, one every 30 s on average, completing in 5–60 s (where the 5 s floor of the goal rules).',
    completionSeconds: Array.from({ length: count }, () => between(random, 5, 60)),
    submittedAtSeconds: arrivals(random, count, 30),
  };
}

function deployBurst(): Workload {
  const random = seededRandom(4);
  const count = 1000;
  return {
    name: 'deploy-burst',
    description:
      'A deploy purging 1,000 URLs at once (all submitted at 0 s), completing like "minutes": the budget of 2 requests/s is saturated.',
    completionSeconds: Array.from({ length: count }, () => mixture(random, MINUTES)),
    submittedAtSeconds: Array.from({ length: count }, () => 0),
  };
}

/** `count` purges of the "minutes" kind, submitted at times drawn uniformly over `overSeconds`. */
function spreadDeploy(seed: number, count: number, overSeconds: number, name: string): Workload {
  const random = seededRandom(seed);
  const over = overSeconds >= 60 ? `${overSeconds / 60} minutes` : `${overSeconds} s`;
  return {
    name,
    description: `${count.toLocaleString('en')} purges submitted over ${over}, completing like "minutes" (the request-budget comparison).`,
    completionSeconds: Array.from({ length: count }, () => mixture(random, MINUTES)),
    submittedAtSeconds: Array.from(
      { length: count },
      () => Math.round(random() * overSeconds * 10) / 10,
    ),
  };
}

/**
 * Deploys the schedule was never tuned on, drawn from `seed`: how many purges (100–2,000), over
 * how long they are submitted (at once to 15 minutes), and how long they take (a mixture of up to
 * three log-uniform bands between 5 s and 20 min, with random weights). The benchmark checks the
 * goals under a saturated budget on a few of these as well as on the shipped workloads.
 */
export function freshDeploys(seed: number, count = 3): Workload[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const purges = Math.round(between(random, 100, 2000));
    const overSeconds = random() < 0.3 ? 0 : Math.round(between(random, 30, 900));
    const bands = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const low = between(random, 5, 600);
      return [
        1 + random() * 9,
        low,
        Math.min(1200, Math.round(low * between(random, 1.5, 6) * 10) / 10),
      ] as [number, number, number];
    });
    const describe = bands.map(([, low, high]) => `${low}–${high} s`).join(', ');
    return {
      name: `fresh-${seed}-${index + 1}`,
      description: `${purges.toLocaleString('en')} purges submitted ${overSeconds === 0 ? 'at once' : `over ${overSeconds} s`}, completing in ${describe} (seed ${seed}).`,
      completionSeconds: Array.from({ length: purges }, () => mixture(random, bands)),
      submittedAtSeconds: Array.from(
        { length: purges },
        () => Math.round(random() * overSeconds * 10) / 10,
      ),
    };
  });
}

// bench/workloads/budget/: only the request-budget comparison reads them.
const BUDGET_WORKLOADS = [
  spreadDeploy(5, 200, 600, '200-over-10-minutes'),
  spreadDeploy(6, 200, 60, '200-within-a-minute'),
  spreadDeploy(7, 1000, 600, '1000-over-10-minutes'),
];

async function write(workload: Workload, folder: string): Promise<void> {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${workload.name}.json`);
  // Formatted as prettier would (numbers filled into lines), so `npm run lint` stays clean.
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(
    file,
    await prettier.format(JSON.stringify(workload), { ...options, filepath: file }),
  );
  console.log(
    `wrote ${path.relative(process.cwd(), file)} (${workload.completionSeconds.length} purges)`,
  );
}

// `--fresh SEED [--out DIR]`: a few fresh deploys into DIR (default: a new temporary folder).
async function main(argv: string[]): Promise<void> {
  const fresh = argv.indexOf('--fresh');
  if (fresh >= 0) {
    const seed = Number(argv[fresh + 1]);
    if (!Number.isInteger(seed)) throw new Error('--fresh needs an integer seed.');
    const out = argv.includes('--out')
      ? argv[argv.indexOf('--out') + 1]!
      : fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-workloads-'));
    for (const workload of freshDeploys(seed)) await write(workload, out);
    return;
  }
  for (const workload of [minutes(), longTail(), fast(), deployBurst()]) {
    await write(workload, DIRECTORY);
  }
  for (const workload of BUDGET_WORKLOADS) await write(workload, path.join(DIRECTORY, 'budget'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
