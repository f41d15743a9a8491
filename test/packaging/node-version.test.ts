// The Node.js the README states (package.json `engines`: Electron 45 and its install tooling
// need 22.12+) is the one CI runs on: .ci/run installs the registry's Node 22 when the
// machine's is older. Locally, on an older Node, the second test says so and skips.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_CI } from '../support/ci';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};

/** `engines.node` is a plain minimum, ">=major.minor". */
const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node) ?? [];
const minimum = [Number(major), Number(minor)] as const;
const [runningMajor, runningMinor] = process.versions.node.split('.').map(Number) as [
  number,
  number,
];
const satisfied =
  runningMajor > minimum[0] || (runningMajor === minimum[0] && runningMinor >= minimum[1]);

describe('the Node.js version', () => {
  it('is one minimum, the one the README states (Electron 45 needs 22.12)', () => {
    expect(pkg.engines.node).toBe('>=22.12');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${minimum[0]}.${minimum[1]} or newer`);
  });

  it.skipIf(!IN_CI && !satisfied)(
    satisfied
      ? 'the suite runs on it'
      : `the suite runs on it (skipped here: Node ${process.versions.node} is older; CI installs Node 22)`,
    () => {
      expect(satisfied, `Node ${process.versions.node} is older than ${pkg.engines.node}`).toBe(
        true,
      );
    },
  );
});
