// Overhead per status request: Purge Watch's ImageKitClient (fetch) beside the official ImageKit
// Node SDK's getPurgeCacheStatus (axios), against the same fake ImageKit in its own process, in
// one run, in alternating rounds. The figure is CPU time of this process per request, turned into
// "requests per second on one core" (1 s of CPU / CPU per request), plus the wall-clock rate.
//
// The SDK hardcodes https://api.imagekit.io in every URL (dist/libs/manage/cache.js) and has no
// base URL option. Without patching it, its requests are redirected at the HTTP-client level: a
// request interceptor on the axios instance the SDK imports rewrites the origin to the fake's
// http://127.0.0.1 URL. Everything else (auth, axios, response handling, promisify) is the SDK's.
//
// The newer official SDK, @imagekit/nodejs 7 (fetch-based, with its own retries), takes a
// `baseURL`, so it talks to the fake directly: `client.cache.invalidation.get(requestId)`.
import { createRequire } from 'node:module';
import path from 'node:path';
import ImageKitNode from '@imagekit/nodejs';
import ImageKit from 'imagekit';
import packageJson from '../package.json';
import { ImageKitClient } from '../src/core/imagekit-client';
import { startFakeServerChild } from './fake-server-child';

const ROUND_MS = 2_000;
const ROUNDS = 5;
const CONCURRENCY = 4;

export interface ClientFigures {
  requestsPerSecondWall: number;
  cpuMicrosecondsPerRequest: number;
  requestsPerSecondOnOneCore: number;
}

export interface OverheadFigures {
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

interface AxiosLike {
  interceptors: {
    request: { use(handler: (config: { url?: string }) => { url?: string }): number };
  };
}

/** The axios the SDK itself resolves (not necessarily ours). */
function sdkAxios(): AxiosLike {
  const require = createRequire(import.meta.url);
  const sdkDirectory = path.dirname(require.resolve('imagekit'));
  return require(require.resolve('axios', { paths: [sdkDirectory] })) as AxiosLike;
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
  const fake = await startFakeServerChild(['--purges', '1', '--complete-within', '3600000']);
  const requestId = fake.requestIds[0]!;
  const origin = 'https://api.imagekit.io';
  const interceptor = sdkAxios().interceptors.request.use((config) => {
    if (config.url?.startsWith(origin)) config.url = fake.baseUrl + config.url.slice(origin.length);
    return config;
  });
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
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await measure(viaClient));
      theirs.push(await measure(viaSdk));
      theirsV7.push(await measure(viaNodeSdk));
    }
    const purgeWatch = figuresOf(ours);
    const imagekitSdk = figuresOf(theirs);
    const imagekitNodeSdk = figuresOf(theirsV7);
    const require = createRequire(import.meta.url);
    const sdkVersion = (require('imagekit/package.json') as { version: string }).version;
    const nodeSdkVersion = (require('@imagekit/nodejs/package.json') as { version: string })
      .version;
    return {
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
    (sdkAxios().interceptors.request as unknown as { eject(id: number): void }).eject(interceptor);
    await fake.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await runOverhead())}\n`);
}
