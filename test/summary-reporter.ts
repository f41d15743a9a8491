// The suite's reporter: vitest's default one, except that the notices of tests skipped for want
// of a component (test/support/ci.ts) are not printed where they happen, buried in the output,
// but gathered into ONE line at the very end: how many tests were skipped, what needs what, and
// the command that runs them.
import type { TestModule, TestRunEndReason } from 'vitest/node';
import { DefaultReporter } from 'vitest/node';
import type { SerializedError } from 'vitest';
import type { SkipNotice } from './support/ci';
import { parseSkipNotice } from './support/ci';

type UserConsoleLog = Parameters<DefaultReporter['onUserConsoleLog']>[0];

/** "Skipped 42 tests: the keychain tests, … (no Secret Service: …); to run them: npm test". */
function skippedLine(skipped: number, notices: readonly SkipNotice[]): string {
  const byCommand = new Map<string, { whats: Set<string>; problems: Set<string> }>();
  for (const { what, problem, howToRun = 'see the test file' } of notices) {
    const group = byCommand.get(howToRun) ?? { whats: new Set(), problems: new Set() };
    group.whats.add(what);
    group.problems.add(problem);
    byCommand.set(howToRun, group);
  }
  const reasons = [...byCommand].map(
    ([howToRun, { whats, problems }]) =>
      `${[...whats].join(', ')} (${[...problems].join('; ')}); to run them: ${howToRun}`,
  );
  const tests = `${skipped} test${skipped === 1 ? '' : 's'}`;
  return reasons.length === 0 ? `Skipped ${tests}.` : `Skipped ${tests}: ${reasons.join(' | ')}`;
}

export default class SummaryReporter extends DefaultReporter {
  private notices: SkipNotice[] = [];

  override onTestRunStart(...args: Parameters<DefaultReporter['onTestRunStart']>): void {
    this.notices = [];
    super.onTestRunStart(...args);
  }

  override onUserConsoleLog(
    log: UserConsoleLog,
    taskState?: Parameters<DefaultReporter['onUserConsoleLog']>[1],
  ): void {
    // Lines written close together arrive as one log: keep the notices, print the rest.
    const rest = log.content.split('\n').filter((line) => {
      const notice = parseSkipNotice(line);
      if (notice) this.notices.push(notice);
      return !notice;
    });
    if (rest.some((line) => line.trim() !== '')) {
      super.onUserConsoleLog({ ...log, content: rest.join('\n') }, taskState);
    }
  }

  override onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    super.onTestRunEnd(testModules, unhandledErrors, reason);
    const skipped = testModules
      .flatMap((module) => [...module.children.allTests()])
      .filter((test) => test.result().state === 'skipped').length;
    if (skipped > 0) this.ctx.logger.log(skippedLine(skipped, this.notices));
  }
}
