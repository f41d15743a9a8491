// The calibration benchmark's arithmetic on workloads whose answer is known.
import { describe, expect, it } from 'vitest';
import { calibrate, seenDuration } from '../../bench/calibration';

describe('calibration of the duration estimates', () => {
  it('takes a duration as an on-schedule check sees it', () => {
    expect(seenDuration(3_000)).toBe(5_000); // the first check, 5 s after submission
    expect(seenDuration(12_000)).toBe(15_000); // every 5 s below 50 s
    expect(seenDuration(15_000)).toBe(15_000);
  });

  it('gives no estimate before 5 completions, and none to purges submitted together', () => {
    const together = calibrate({ name: 'burst', completionSeconds: [30, 40, 50, 60, 70, 80] });
    expect(together.estimated).toBe(0);
    const spaced = calibrate({
      name: 'spaced',
      completionSeconds: [60, 60, 60, 60, 60, 60, 60],
      submittedAtSeconds: [0, 100, 200, 300, 400, 500, 600],
    });
    expect(spaced.estimated).toBe(2); // the 6th and 7th, after five completions
    expect(spaced.insideRangeShare).toBe(1);
  });

  it('counts a flagged purge that completes within 2× of its flag age as a false alarm', () => {
    const base = Array.from({ length: 10 }, () => 60);
    const result = calibrate({
      name: 'one slow, one stuck',
      completionSeconds: [...base, 100, 3_000],
      submittedAtSeconds: [...base.map((_, i) => i * 100), 2_000, 2_001],
    });
    expect(result.estimated).toBe(7);
    expect(result.falseAlarms).toBe(1); // 100 s is past p95 (about 60 s) but within 2× of it
    expect(result.falseAlarmShare).toBe(0.5);
    expect(result.notified).toBe(1); // 50 min: far past 10 min
    expect(result.notifiedFalseAlarms).toBe(0);
  });
});
