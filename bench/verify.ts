// What `--verify` costs: the same purges run through the CLI (in this process, over real HTTP to
// the fake ImageKit and its CDN) without it, with it against a fresh edge, and with it against an
// edge that stays stale for a few seconds (re-checked). The fake counts every request it gets:
// those to ImageKit's API (submissions and status checks, the rate-limited ones) and those to
// the CDN. Counted, not timed: the figures do not depend on the machine's load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/core/clock';
import { runCli } from '../src/cli/run';
import type { FakeImageKit } from '../test/fake-imagekit/server';
import { startFakeImageKit } from '../test/fake-imagekit/server';
import { MemoryKeychain } from '../test/support/memory-keychain';

/** Purges per run. */
const PURGES = 20;
/** How long the stale edge keeps its old copy after each purge completes. */
const STALE_FOR_MS = 3_000;

export interface VerifyRun {
  /** The CLI's arguments before the URLs. */
  args: string[];
  /** What the CDN's edge does, when it is asked. */
  edge?: string;
  exitCode: number;
  apiRequests: { submit: number; status: number; total: number };
  cdnRequests: number;
  /** The `verify` verdicts the CLI printed, counted. */
  verdicts: Record<string, number>;
}

export interface VerifyFigures {
  purges: number;
  runs: VerifyRun[];
}

export async function runVerifyBench(): Promise<VerifyFigures> {
  // Purges complete at once: each costs one submission and one status check, with or without
  // --verify, so any difference in API requests would be the check's own.
  const fake = await startFakeImageKit({ completeAfterMs: 0 });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-bench-verify-'));
  try {
    const runs: VerifyRun[] = [];
    const cases: Array<{ args: string[]; edge?: string; stale: boolean }> = [
      { args: ['purge', '--wait'], stale: false },
      { args: ['purge', '--wait', '--verify'], edge: 'fresh', stale: false },
      {
        args: ['purge', '--wait', '--verify'],
        edge: `stale for ${STALE_FOR_MS / 1000} s after the purge`,
        stale: true,
      },
    ];
    for (const [index, { args, edge, stale }] of cases.entries()) {
      const folder = `/bench/run-${index}/`;
      if (stale) fake.cdn.setMode(`${folder}*`, { kind: 'stale-edge', forMs: STALE_FOR_MS });
      const urls = Array.from({ length: PURGES }, (_, i) => `${fake.cdn.baseUrl}${folder}${i}.jpg`);
      fake.resetRecords();
      const { exitCode, lines } = await cli(fake, profile, [...args, '--json', ...urls]);
      const api = fake.requests;
      const submit = api.filter((r) => r.endpoint === 'submit').length;
      const status = api.filter((r) => r.endpoint === 'status').length;
      const verdicts: Record<string, number> = {};
      for (const line of lines) {
        const verdict = (JSON.parse(line) as { verify?: { verdict?: string } }).verify?.verdict;
        if (verdict !== undefined) verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
      }
      runs.push({
        args,
        ...(edge === undefined ? {} : { edge }),
        exitCode,
        apiRequests: { submit, status, total: api.length },
        cdnRequests: fake.cdn.requests.length,
        verdicts,
      });
    }
    return { purges: PURGES, runs };
  } finally {
    await fake.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The CLI in this process, as a script runs it, against the fake. */
async function cli(
  fake: FakeImageKit,
  profile: string,
  args: string[],
): Promise<{ exitCode: number; lines: string[] }> {
  let stdout = '';
  const exitCode = await runCli(args, {
    env: {
      IMAGE_KIT_BASE_URL: fake.baseUrl,
      IMAGEKIT_PRIVATE_KEY: fake.privateKey,
      // Shortens polling and the CDN's re-checks alike; the budget is not scaled.
      PURGE_WATCH_POLL_SCALE: '0.05',
      PURGE_WATCH_USER_DATA: profile,
    },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    stdin: (async function* () {})(),
    fetch: (input, init) => fetch(input, init),
    keychain: new MemoryKeychain(),
    clock: systemClock,
  });
  return { exitCode, lines: stdout.split('\n').filter(Boolean) };
}

export function summariseVerify({ purges, runs }: VerifyFigures): string {
  const lines = [
    `\nverify: ${purges} purges of URLs on the fake CDN, requests counted by the fake`,
  ];
  for (const run of runs) {
    const verdicts = Object.entries(run.verdicts)
      .map(([verdict, count]) => `${count} ${verdict}`)
      .join(', ');
    lines.push(
      `  ${runLabel(run).padEnd(60)} API ${String(run.apiRequests.total).padStart(4)} (${run.apiRequests.submit} submit + ${run.apiRequests.status} status)  CDN ${String(run.cdnRequests).padStart(4)}  exit ${run.exitCode}${verdicts ? `  ${verdicts}` : ''}`,
    );
  }
  return lines.join('\n');
}

/** `purge --wait --verify (edge: fresh)`. */
export function runLabel(run: Pick<VerifyRun, 'args' | 'edge'>): string {
  return `${run.args.join(' ')}${run.edge === undefined ? '' : ` (edge: ${run.edge})`}`;
}
