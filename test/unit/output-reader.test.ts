// Whether stdout still has a reader, watched on Linux through /proc: a command writing into a
// pipe or a named FIFO (`mkfifo`) that someone holds open for reading keeps running; once the
// last reader closes it, the command is told. Polls move with a virtual clock, not the wall's.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchReader } from '../../src/cli/output-reader';
import { settle, VirtualClock } from '../support/virtual-clock';

const linux = process.platform === 'linux';
if (!linux) console.warn('SKIPPED output-reader tests: the /proc watch exists on Linux only');

describe.skipIf(!linux)('watchReader on a named FIFO', () => {
  let dir: string;
  const open: number[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-reader-'));
  });
  afterEach(() => {
    for (const fd of open.splice(0)) fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function fifo(): { readEnd: number; writeEnd: number } {
    const file = path.join(dir, 'stdout');
    execFileSync('mkfifo', [file]);
    const readEnd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeEnd = fs.openSync(file, 'w');
    open.push(writeEnd);
    return { readEnd, writeEnd };
  }

  it('keeps watching while this process holds the read end, however many polls pass', async () => {
    const { readEnd, writeEnd } = fifo();
    open.push(readEnd);
    const clock = new VirtualClock();
    let gone = 0;
    const stop = watchReader(writeEnd, () => gone++, 'linux', clock);
    for (let i = 0; i < 5; i++) {
      await clock.advance(500);
      await settle();
    }
    stop();
    expect(gone).toBe(0);
  });

  it('says the reader has gone once the read end is closed', async () => {
    const { readEnd, writeEnd } = fifo();
    const clock = new VirtualClock();
    let gone = 0;
    const stop = watchReader(writeEnd, () => gone++, 'linux', clock);
    await clock.advance(500);
    await settle();
    expect(gone).toBe(0);
    fs.closeSync(readEnd);
    await clock.advance(500);
    await settle();
    await clock.advance(500);
    await settle();
    stop();
    expect(gone).toBe(1);
  });
});
