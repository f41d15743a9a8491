// The most requests started within any one second, from their start times in ascending order.
export function peakPerSecond(sortedTimes: readonly number[]): number {
  let peak = 0;
  for (let head = 0, tail = 0; head < sortedTimes.length; head++) {
    while (sortedTimes[head]! - sortedTimes[tail]! >= 1000) tail++;
    peak = Math.max(peak, head - tail + 1);
  }
  return peak;
}
