// The README restates a few numbers that only the code holds (the schedule's and the budget's
// live in docs/SCHEDULE.md, checked by ./schedule-numbers.test.ts), the CLI's and the app's: each
// sentence here is built from its constant, so a changed constant fails until the README says
// the same.
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
import { HISTORY_LIMIT } from '../../src/core/storage/duration-history';
import { MAX_IDS_PER_LAUNCH } from '../../src/main/desktop/launch-args';
import {
  GROUP_MAX_WAIT_MS,
  GROUP_QUIET_MS,
} from '../../src/main/notifications/notification-policy';
import { MAX_CLIPBOARD_PURGES } from '../../src/main/tray/clipboard-summary';
import { LOGIN_GRACE_MS } from '../../src/main/tray/tray-host';
import { RECENT_PURGES } from '../../src/main/tray/tray-menu';
import { CHECK_INTERVAL_MS } from '../../src/main/update/update-policy';
import { UNDO_MS } from '../../src/renderer/removal';
import { MIN_ESTIMATE_SAMPLES } from '../../src/shared/duration-estimate';

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
    ['the app looks for updates', `and every ${CHECK_INTERVAL_MS / 3_600_000} hours`],
    ["the window's estimates", `Once ${MIN_ESTIMATE_SAMPLES} purges have completed`],
    ["the CLI's estimates", `Once ${MIN_ESTIMATE_SAMPLES} purges of an account have completed`],
    ['the duration history', `The last ${HISTORY_LIMIT} completions are kept`],
    ["the window's undo", `A removal can be undone for ${seconds(UNDO_MS)}`],
    ['a launch hands over', `At most ${MAX_IDS_PER_LAUNCH} IDs per launch`],
    ["the tray's purge item", `only http(s) URLs (up to ${MAX_CLIPBOARD_PURGES})`],
    ["the tray's recent purges", `| the ${RECENT_PURGES} most recent purges |`],
    [
      'no tray host at a login launch',
      `at a login launch too (${seconds(LOGIN_GRACE_MS)} after it`,
    ],
    [
      'grouped notifications',
      `waits up to ${seconds(GROUP_QUIET_MS)} for others to group with (${seconds(GROUP_MAX_WAIT_MS)} at most`,
    ],
  ])('%s', (_where, sentence) => {
    expect(README).toContain(sentence);
  });
});
