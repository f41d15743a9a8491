// Durations and ages for people, in one compact style everywhere (CLI, tray, notifications,
// window): "850ms", "4s", "1m 12s", "2h 5m", "3d 4h"; an age "3d ago", "over a year ago".
// Imports nothing.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: readonly [number, string][] = [
  [DAY, 'd'],
  [HOUR, 'h'],
  [MINUTE, 'm'],
  [SECOND, 's'],
];

/**
 * A duration in the two largest units, rounded down ("1m 59s", never "2m" early).
 * Under a second: milliseconds. Below 1 ms and negative durations (clock skew) show as "0s";
 * NaN and infinities as "unknown".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms < 1) return '0s';
  if (ms < SECOND) return `${Math.floor(ms)}ms`;
  for (let u = 0; u < UNITS.length; u++) {
    const [size, unit] = UNITS[u]!;
    if (ms < size) continue;
    const whole = Math.floor(ms / size);
    const next = UNITS[u + 1];
    if (!next) return `${whole}${unit}`;
    const rest = Math.floor((ms - whole * size) / next[0]);
    return rest === 0 ? `${whole}${unit}` : `${whole}${unit} ${rest}${next[1]}`;
  }
  return '0s'; // unreachable: ms >= SECOND matched the seconds unit
}

/** Past this, an age is "over a year": a CDN's `Age` may be as absurd as 2^31 seconds. */
const YEAR = 365 * DAY;

/**
 * How long ago `then` was, in its largest unit: "just now" (under a minute, or slightly in the
 * future from clock skew), "5m ago", "2h ago", "3d ago", "over a year ago". "unknown" for
 * non-finite times.
 */
export function formatAge(then: number, now: number): string {
  if (!Number.isFinite(then) || !Number.isFinite(now)) return 'unknown';
  const elapsed = now - then;
  if (elapsed < MINUTE) return 'just now';
  if (elapsed > YEAR) return 'over a year ago';
  for (const [size, unit] of UNITS) {
    if (elapsed >= size) return `${Math.floor(elapsed / size)}${unit} ago`;
  }
  return 'just now';
}
