import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration } from '../../src/shared/format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [850, '850ms'],
    [4 * SECOND, '4s'],
    [4 * SECOND + 999, '4s'],
    [MINUTE + 12 * SECOND, '1m 12s'],
    [2 * MINUTE, '2m'],
    [2 * HOUR + 5 * MINUTE + 59 * SECOND, '2h 5m'],
    [HOUR, '1h'],
    [3 * DAY + 4 * HOUR, '3d 4h'],
    [400 * DAY, '400d'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('rounds down, so a countdown never shows a minute that has not passed', () => {
    expect(formatDuration(2 * MINUTE - 1)).toBe('1m 59s');
  });

  it('shows negative durations (clock skew) as zero and non-numbers as unknown', () => {
    expect(formatDuration(-5 * SECOND)).toBe('0s');
    expect(formatDuration(Number.NaN)).toBe('unknown');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('unknown');
  });
});

describe('formatAge', () => {
  const now = Date.UTC(2024, 4, 1, 12, 0, 0);

  it.each([
    [0, 'just now'],
    [59 * SECOND, 'just now'],
    [5 * MINUTE + 30 * SECOND, '5m ago'],
    [2 * HOUR + 59 * MINUTE, '2h ago'],
    [3 * DAY + 23 * HOUR, '3d ago'],
    [365 * DAY, '365d ago'],
    [366 * DAY, 'over a year ago'],
    // A CDN's absurd Age (10^23 s, kept as 2^31 s): not "24855d ago".
    [2 ** 31 * SECOND, 'over a year ago'],
  ])('%d ms ago reads "%s"', (elapsed, text) => {
    expect(formatAge(now - elapsed, now)).toBe(text);
  });

  it('says "just now" for a time slightly in the future (clock skew)', () => {
    expect(formatAge(now + 30 * SECOND, now)).toBe('just now');
  });

  it('says unknown for a time that is not a number', () => {
    expect(formatAge(Number.NaN, now)).toBe('unknown');
  });
});
