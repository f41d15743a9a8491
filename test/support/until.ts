// Waits for a condition a test cannot be told about (a request the fake received, a file).
// Bounded by a generous deadline only so a broken test fails instead of hanging; nothing is
// asserted about how long it took.
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 15_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
