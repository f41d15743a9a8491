import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from '../../src/cli/duration';

describe('parseDuration (--timeout)', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['500ms', 500],
    ['90', 90_000],
    ['1.5', 1_500],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['15min', 900_000],
    ['20 minutes', 1_200_000],
    ['  45S ', 45_000],
    ['1h0m', 3_600_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['', 'empty'],
    ['0', 'zero'],
    ['0s', 'zero'],
    ['0.0001ms', 'rounds to zero'],
    ['-5s', 'negative'],
    ['-90', 'negative'],
    ['+90', 'signed'],
    ['1e3', 'exponent'],
    ['abc', 'garbage'],
    ['90x', 'unknown unit'],
    ['1h30', 'a number without a unit after a part'],
    ['30m1h', 'units out of order'],
    ['1m1m', 'a unit twice'],
    ['s', 'a unit without a number'],
    ['1,5h', 'a decimal comma'],
    ['25d', 'beyond what a timer can wait'],
    ['9'.repeat(60), 'overflow'],
    ['99999999999999h', 'overflow in hours'],
    ['1h'.repeat(40), 'too long'],
  ])('refuses %j (%s)', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('accepts up to the longest wait a timer supports', () => {
    expect(parseDuration(`${MAX_DURATION_MS}ms`)).toBe(MAX_DURATION_MS);
    expect(parseDuration(`${MAX_DURATION_MS + 1}ms`)).toBeUndefined();
  });
});
