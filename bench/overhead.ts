// Overhead per status request: Purge Watch's ImageKitClient (fetch) beside the official ImageKit
// Node SDK's getPurgeCacheStatus (axios), against the same fake ImageKit in its own process, in
// one run, in interleaved blocks (each client first in turn). The figure is CPU time of this process per request, turned into
// "requests per second on one core" (1 s of CPU / CPU per request), plus the wall-clock rate.
//
// The SDK has no base URL option: test/support/imagekit-sdk-redirect.ts sends its requests to the
// fake through its own axios instance.
//
// The newer official SDK, @imagekit/nodejs 7 (fetch-based, with its own retries), takes a
// `baseURL`, so it talks to the fake directly: `client.cache.invalidation.get(requestId)`.
import { createRequire } from 'node:module';
import os from 'node:os';
import ImageKitNode from '@imagekit/nodejs';
import ImageKit from 'imagekit';
import packageJson from '../package.json';
import { ImageKitClient } from '../src/core/imagekit/imagekit-client';
import { imagekitSdkVersion, redirectImageKitSdk } from '../test/support/imagekit-sdk-redirect';
import { startFakeServerChild } from './fake-server-child';

const ROUND_MS = 2_000;
const ROUNDS = 6;
const CONCURRENCY = 4;

export interface ClientFigures {
  requestsPerSecondWall: number;
  cpuMicrosecondsPerRequest: number;
  requestsPerSecondOnOneCore: number;
}

export interface OverheadFigures {
  /** The machine's 1-minute load average before and after (older results lack it). */
  loadAverage?: [number, number];
  concurrency: number;
  roundSeconds: number;
  rounds: number;
  purgeWatch: ClientFigures;
  imagekitSdk: ClientFigures & { version: string; redirectedBy: string };
  /** @imagekit/nodejs 7, pointed at the fake with its `baseURL` option. */
  imagekitNodeSdk: ClientFigures & { version: string };
  /** Purge Watch's requests per second on one core ÷ the SDK's (imagekit 6). */
  ratio: number;
  /** Purge Watch's requests per second on one core ÷ @imagekit/nodejs 7's. */
  ratioToNodeSdk: number;
}

async function measure(
  call: () => Promise<unknown>,
): Promise<{ requests: number; cpuMicros: number; wallMs: number }> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const end = start + ROUND_MS;
  let requests = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await call();
        requests += 1;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { requests, cpuMicros: cpu.user + cpu.system, wallMs: performance.now() - start };
}

function figuresOf(runs: Array<{ requests: number; cpuMicros: number; wallMs: number }>) {
  // The median round by CPU per request: one round disturbed by a neighbour does not decide.
  const sorted = [...runs].sort((a, b) => a.cpuMicros / a.requests - b.cpuMicros / b.requests);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const perRequest = median.cpuMicros / median.requests;
  return {
    requestsPerSecondWall: Math.round(median.requests / (median.wallMs / 1000)),
    cpuMicrosecondsPerRequest: Math.round(perRequest),
    requestsPerSecondOnOneCore: Math.round(1e6 / perRequest),
  };
}

export async function runOverhead(): Promise<OverheadFigures> {
  const loadBefore = os.loadavg()[0]!;
  const fake = await startFakeServerChild(['--purges', '1', '--complete-within', '3600000']);
  const requestId = fake.requestIds[0]!;
  const undoRedirect = redirectImageKitSdk(fake.baseUrl);
  try {
    const client = new ImageKitClient({
      fetch: (input, init) => fetch(input, init),
      privateKey: () => fake.privateKey,
      baseUrl: fake.baseUrl,
      userAgent: `purge-watch/${packageJson.version} (bench)`,
    });
    const sdk = new ImageKit({
      publicKey: 'public_bench',
      privateKey: fake.privateKey,
      urlEndpoint: 'https://ik.imagekit.io/bench',
    });
    const viaClient = async () => {
      const outcome = await client.getPurgeStatus(requestId);
      if (!outcome.ok) throw new Error(`Purge Watch's client failed: ${outcome.error.message}`);
    };
    const nodeSdk = new ImageKitNode({ privateKey: fake.privateKey, baseURL: fake.baseUrl });
    const viaNodeSdk = async () => {
      const answer = await nodeSdk.cache.invalidation.get(requestId);
      if (answer.status !== 'Pending') throw new Error(`SDK 7 read ${JSON.stringify(answer)}`);
    };
    const viaSdk = async () => {
      const answer = await sdk.getPurgeCacheStatus(requestId);
      if (answer.status !== 'Pending') throw new Error(`The SDK read ${JSON.stringify(answer)}`);
    };
    // Warm both (connections, JIT) before measuring.
    for (let i = 0; i < 200; i++) await Promise.all([viaClient(), viaSdk(), viaNodeSdk()]);
    const ours: Array<Awaited<ReturnType<typeof measure>>> = [];
    const theirs: Array<Awaited<ReturnType<typeof measure>>> = [];
    const theirsV7: Array<Awaited<ReturnType<typeof measure>>> = [];
    // Interleaved blocks, each client first in turn, so a neighbour's burst of load or the
    // order of the three does not favour one of them.
    const clients: Array<[() => Promise<void>, typeof ours]> = [
      [viaClient, ours],
      [viaSdk, theirs],
      [viaNodeSdk, theirsV7],
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < clients.length; i++) {
        const [call, rounds] = clients[(round + i) % clients.length]!;
        rounds.push(await measure(call));
      }
    }
    const purgeWatch = figuresOf(ours);
    const imagekitSdk = figuresOf(theirs);
    const imagekitNodeSdk = figuresOf(theirsV7);
    const sdkVersion = imagekitSdkVersion();
    // The package exports no ./package.json; its ./version module carries the same number.
    const nodeSdkVersion = (
      createRequire(import.meta.url)('@imagekit/nodejs/version') as { VERSION: string }
    ).VERSION;
    const load = (value: number) => Math.round(value * 100) / 100;
    return {
      loadAverage: [load(loadBefore), load(os.loadavg()[0]!)],
      concurrency: CONCURRENCY,
      roundSeconds: ROUND_MS / 1000,
      rounds: ROUNDS,
      purgeWatch,
      imagekitSdk: {
        ...imagekitSdk,
        version: sdkVersion,
        redirectedBy: 'an axios request interceptor rewriting https://api.imagekit.io to the fake',
      },
      imagekitNodeSdk: { ...imagekitNodeSdk, version: nodeSdkVersion },
      ratio:
        Math.round(
          (purgeWatch.requestsPerSecondOnOneCore / imagekitSdk.requestsPerSecondOnOneCore) * 100,
        ) / 100,
      ratioToNodeSdk:
        Math.round(
          (purgeWatch.requestsPerSecondOnOneCore / imagekitNodeSdk.requestsPerSecondOnOneCore) *
            100,
        ) / 100,
    };
  } finally {
    undoRedirect();
    await fake.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await runOverhead())}\n`);
}
