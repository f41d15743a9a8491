// `wait`'s live progress line on a real terminal: the built CLI under a pseudo-terminal (util-linux
// `script`) of a given width. The line is redrawn in place only where that works: cut to the
// terminal's width (a wrapped line leaves a row behind at every redraw), its width taken from
// COLUMNS when the terminal reports none (0 × 0), and no live line at all where every redraw is
// kept (TERM=dumb, a CI system recording a terminal): there, a line every --progress-every.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { CLI } from '../support/cli-process';
import { skipOrFail } from '../support/ci';
import { cliEnv } from './fixtures';

const noScript =
  spawnSync('script', ['--version']).status === 0 ? undefined : 'util-linux `script` is missing';
const skip = skipOrFail('the live progress tests', noScript, 'apt-get install -y bsdutils');

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: Infinity });
});
afterAll(() => fake.close());

const REDRAW = '\r\x1b[2K';

/**
 * `wait --timeout 2s <a purge never completing>` on a terminal `columns` wide (after `stty`),
 * with `extra` in its environment: what the terminal received.
 */
async function waitOnTerminal(
  columns: number,
  extra: Record<string, string | undefined> = {},
): Promise<{ code: number | null; terminal: string }> {
  const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
  const command = `stty cols ${columns} rows 24 && exec "${process.execPath}" "${CLI}" wait --timeout 2s --progress-every 500ms ${id}`;
  const env = cliEnv(fake, { TERM: 'xterm', CI: undefined, COLUMNS: undefined, ...extra });
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let terminal = '';
  child.stdout.on('data', (chunk: Buffer) => (terminal += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, terminal };
}

/**
 * The live lines drawn: what follows each redraw up to the next redraw or line break (not the
 * line that follows the last one, which clears it: the timeout's message).
 */
const liveLines = (terminal: string) =>
  terminal
    .split(REDRAW)
    .slice(1)
    .map((drawn) => drawn.split(/\r?\n/)[0]!)
    .filter((line) => line.startsWith('Waiting'));

describe.skipIf(skip)('the live progress line on a terminal', () => {
  it('on a terminal 20 columns wide, each redraw fits in one row (cut with …)', async () => {
    const { code, terminal } = await waitOnTerminal(20);
    expect(code).toBe(3);
    const lines = liveLines(terminal);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect([...line].length).toBeLessThanOrEqual(19);
      expect(line).toMatch(/^Waiting for 1 of 1…$/);
    }
  });

  it('on a terminal that reports no size, COLUMNS gives the width', async () => {
    const { terminal } = await waitOnTerminal(0, { COLUMNS: '30' });
    const lines = liveLines(terminal);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(29);
  });

  it.each([{ TERM: 'dumb' }, { CI: 'true' }])(
    'with %j, no redraw: progress comes as lines',
    async (extra) => {
      const { code, terminal } = await waitOnTerminal(80, extra);
      expect(code).toBe(3);
      expect(terminal).not.toContain('\x1b');
      expect(terminal).toMatch(/^purge-watch: 1 of 1 purge still pending after /m);
    },
  );
});
