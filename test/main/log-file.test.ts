// The app's log file: one line per event, in the log folder, rotated at its size limit with
// two older files kept, never a key or a control character, and a disk that refuses it never
// throws. (That the whole app's log never holds the key: test/security/key-leak.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogLevel } from '../../src/main/profile/log-file';
import { LOG_FILE, LogFile, logLine } from '../../src/main/profile/log-file';

const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function open(options: { maxBytes?: number; directory?: string } = {}) {
  const printed: Array<[LogLevel, string]> = [];
  const log = new LogFile({
    directory: options.directory ?? path.join(dir, 'logs'),
    clock: { now: () => NOW },
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    print: (level, line) => printed.push([level, line]),
  });
  return { log, printed };
}

describe('the log file', () => {
  it('writes one dated line per event in the log folder (made when missing), only for the user', () => {
    const { log, printed } = open();
    log.info('Purge Watch 0.1.0 started');
    log.warn('staging: the private key was refused');
    log.error('a check failed');
    const text = fs.readFileSync(log.file, 'utf8');
    expect(log.file).toBe(path.join(dir, 'logs', LOG_FILE));
    expect(text).toBe(
      [
        '2026-11-30T10:00:00.000Z info  Purge Watch 0.1.0 started',
        '2026-11-30T10:00:00.000Z warn  staging: the private key was refused',
        '2026-11-30T10:00:00.000Z error a check failed',
        '',
      ].join('\n'),
    );
    expect(fs.statSync(log.file).mode & 0o777).toBe(0o600);
    // And on the console, for `npm start`.
    expect(printed.map(([level]) => level)).toEqual(['info', 'warn', 'error']);
  });

  it('never holds a key, a line break (U+2028 and U+2029 too) or an escape sequence a message carried', () => {
    const line = logLine(
      'warn',
      'refused PRIVATE_abc+/=123 and public_xyz\n2026-01-01 forged line\u001b[2J',
      NOW,
    );
    expect(line).toBe(
      '2026-11-30T10:00:00.000Z warn  refused PRIVATE_… and public_… 2026-01-01 forged line [2J\n',
    );
    // electron-updater's error quotes the update feed's version as sent.
    expect(
      logLine('error', 'not a valid semver version: "\u20282026-01-01 forged\u2029"', NOW),
    ).toBe('2026-11-30T10:00:00.000Z error not a valid semver version: " 2026-01-01 forged "\n');
  });

  it('rotates past its size: the full file becomes .1, the one before .2, older ones go', () => {
    const { log } = open({ maxBytes: 200 });
    for (let n = 0; n < 40; n++) log.info(`event number ${String(n).padStart(2, '0')}`);
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toEqual(['purge-watch.1.log', 'purge-watch.2.log', 'purge-watch.log']);
    for (const file of files) {
      expect(fs.statSync(path.join(dir, 'logs', file)).size).toBeLessThanOrEqual(200);
    }
    const current = fs.readFileSync(log.file, 'utf8');
    expect(current).toContain('event number 39');
    const previous = fs.readFileSync(path.join(dir, 'logs', 'purge-watch.1.log'), 'utf8');
    const lastBefore = Number(/event number (\d+)\n$/.exec(previous)![1]);
    expect(
      current.startsWith(`2026-11-30T10:00:00.000Z info  event number ${lastBefore + 1}`),
    ).toBe(true);
  });

  it('continues a log written before (the size counts from what is there)', () => {
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.writeFileSync(path.join(dir, 'logs', LOG_FILE), 'x'.repeat(190) + '\n');
    const { log } = open({ maxBytes: 200 });
    log.info('after a restart');
    expect(fs.readFileSync(path.join(dir, 'logs', 'purge-watch.1.log'), 'utf8')).toHaveLength(191);
    expect(fs.readFileSync(log.file, 'utf8')).toContain('after a restart');
  });

  it('a folder that cannot hold it: the console says so once, and nothing throws', () => {
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const { log, printed } = open({ directory: path.join(dir, 'not-a-folder', 'logs') });
    log.error('first');
    log.error('second');
    const complaints = printed.filter(([, line]) => line.includes('cannot be written'));
    expect(complaints).toHaveLength(1);
    expect(printed.map(([, line]) => line).join('\n')).toContain('second');
  });
});
