// Tests that need a real component (a Secret Service, Chromium, a loopback socket, a tool)
// start it. When it is missing they FAIL under CI (CI=true), where it is always provided, and
// skip loudly otherwise, saying why and how to run them.

export const IN_CI = process.env.CI === 'true';

/** Warn loudly (outside CI) that tests are skipped, why, and how to run them. */
export function warnSkipped(what: string, problem: string, howToRun?: string): void {
  if (IN_CI) return;
  const how = howToRun === undefined ? '' : `\n!!! To run them: ${howToRun}`;
  console.warn(`\n!!! SKIPPING ${what}: ${problem}.${how}\n`);
}

/**
 * Whether the tests that need a component skip: not when `problem` is undefined (it is
 * there); under CI it throws `problem`, so the file fails at once; else it warns and skips.
 */
export function skipOrFail(what: string, problem: string | undefined, howToRun?: string): boolean {
  if (problem === undefined) return false;
  if (IN_CI) throw new Error(`${what} cannot run under CI: ${problem}`);
  warnSkipped(what, problem, howToRun);
  return true;
}
