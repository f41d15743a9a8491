// The README restates a few numbers that only the code holds (the schedule's and the budget's
// live in docs/SCHEDULE.md, checked by ./schedule-numbers.test.ts): each sentence here is built
// from its constant, so a changed constant fails until the README says the same.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_ANSWER_GIVE_UP_MS } from '../../src/cli/connection-watch';
import { RATE_LIMIT_PATIENCE_MS } from '../../src/cli/status-command';
import {
  CDN_TIMEOUT_MS,
  DEFAULT_RECHECK,
  MAX_BODY_BYTES,
} from '../../src/core/freshness/freshness-check';
import { CLOCK_SKEW_MS } from '../../src/core/freshness/freshness-verdict';
import { DEFAULT_TIMEOUT_MS } from '../../src/core/imagekit/imagekit-client';

/** The README with every run of whitespace (line breaks too) as one space. */
const README = fs
  .readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8')
  .replace(/\s+/g, ' ');

const seconds = (ms: number) => `${ms / 1000} s`;
const minutes = (ms: number) => `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;

describe("the README's numbers are the code's", () => {
  it.each([
    [
      'wait gives up on no answer',
      `not answered at all (connection refused, DNS, no answer within ${seconds(DEFAULT_TIMEOUT_MS)}) for ${minutes(NO_ANSWER_GIVE_UP_MS)}`,
    ],
    [
      'the exit code 1 row',
      `no answer at all from ImageKit for ${minutes(NO_ANSWER_GIVE_UP_MS)} while waiting`,
    ],
    [
      "status's patience with a 429",
      `a rate limit holding longer than ${seconds(RATE_LIMIT_PATIENCE_MS)}`,
    ],
    [
      "status's patience, in the CLI notes",
      `reset only while that comes within ${seconds(RATE_LIMIT_PATIENCE_MS)} of its start`,
    ],
    [
      'the CDN check: the body read',
      `no more than ${MAX_BODY_BYTES / 1024 / 1024} MB of it, and the whole answer within ${seconds(CDN_TIMEOUT_MS)}`,
    ],
    ['the CDN check: clock skew', `give or take ${seconds(CLOCK_SKEW_MS)} of clock skew`],
    [
      'the CDN check: re-checks of a stale copy',
      `after ${minutes(DEFAULT_RECHECK.boundMs)} of re-checks`,
    ],
    ['the CDN check: its gap', `gap for ${minutes(DEFAULT_RECHECK.boundMs)}, since edges catch up`],
  ])('%s', (_where, sentence) => {
    expect(README).toContain(sentence);
  });
});
