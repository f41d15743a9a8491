// Parses `--timeout` values: "90s", "15m", "2h", "1h30m", "1h 30m", "500ms", "1.5h";
// a bare number means seconds. Zero, negatives, garbage and overflow are refused.
import { MAX_TIMER_DELAY_MS } from '../core/clock';

/** The longest duration: the longest delay a Node timer can be armed with (about 24.8 days). */
export const MAX_DURATION_MS = MAX_TIMER_DELAY_MS;

const MAX_INPUT_LENGTH = 64;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const BARE_NUMBER = /^\d+(?:\.\d+)?$/;
// One "<number><unit>" part; sticky so parts are read one after another, each once.
const PART = /(\d+(?:\.\d+)?) ?([a-z]+) ?/y;

/**
 * Milliseconds for a duration text, or undefined when it is not one. Parts must come
 * largest unit first, each unit at most once ("30m1h" and "1m1m" are refused). The result
 * is rounded to whole milliseconds and must be between 1 ms and MAX_DURATION_MS.
 */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const input = text.trim().toLowerCase();
  if (input === '' || input.length > MAX_INPUT_LENGTH) return undefined;
  if (BARE_NUMBER.test(input)) return accept(Number(input) * 1000);

  let total = 0;
  let previousUnitMs = Infinity;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const match = PART.exec(input);
    if (!match) return undefined;
    const unitMs = UNIT_MS[match[2]!];
    if (unitMs === undefined || unitMs >= previousUnitMs) return undefined;
    previousUnitMs = unitMs;
    total += Number(match[1]) * unitMs;
  }
  return accept(total);
}

function accept(ms: number): number | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const rounded = Math.round(ms);
  return rounded >= 1 && rounded <= MAX_DURATION_MS ? rounded : undefined;
}
