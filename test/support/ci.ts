// Tests that need a real component (a Secret Service, Chromium, a loopback socket, a tool)
// start it. When it is missing they FAIL under CI (CI=true), where it is always provided, and
// skip otherwise, saying why and how to run them: in one line at the end of the run (the suite's
// reporter, test/summary-reporter.ts, gathers these notices).

export const IN_CI = process.env.CI === 'true';

export interface SkipNotice {
  what: string;
  problem: string;
  howToRun?: string;
}

const NOTICE = /^!!! SKIPPING (.+?): (.+?)\.(?: To run them: (.+))?$/;

/** The notice's line: readable as it is, and read back by parseSkipNotice. */
function skipNotice({ what, problem, howToRun }: SkipNotice): string {
  return `!!! SKIPPING ${what}: ${problem}.${howToRun === undefined ? '' : ` To run them: ${howToRun}`}`;
}

/** The notice a console line holds, if it is one. */
export function parseSkipNotice(line: string): SkipNotice | undefined {
  const [, what, problem, howToRun] = NOTICE.exec(line.trim()) ?? [];
  if (what === undefined || problem === undefined) return undefined;
  return howToRun === undefined ? { what, problem } : { what, problem, howToRun };
}

/** Says (outside CI) that tests are skipped, why, and how to run them. */
export function warnSkipped(what: string, problem: string, howToRun?: string): void {
  if (IN_CI) return;
  console.warn(
    skipNotice(howToRun === undefined ? { what, problem } : { what, problem, howToRun }),
  );
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
