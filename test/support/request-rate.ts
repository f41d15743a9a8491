// The most requests started within any one window (default one second), from their start times
// in ascending order.
export function peakPerWindow(sortedTimes: readonly number[], windowMs: number): number {
  let peak = 0;
  for (let head = 0, tail = 0; head < sortedTimes.length; head++) {
    while (sortedTimes[head]! - sortedTimes[tail]! >= windowMs) tail++;
    peak = Math.max(peak, head - tail + 1);
  }
  return peak;
}

export function peakPerSecond(sortedTimes: readonly number[]): number {
  return peakPerWindow(sortedTimes, 1000);
}
