// `npm run scan`: the Electron security scanner (@doyensec/electronegativity) over the sources
// (src/) and the built output (dist/, built first by the npm script). Fails (exit 1) on any
// finding of MEDIUM severity or above that scripts/security-findings.ts does not suppress with
// a reason, and when the scanner could not parse a file (an unread file is an unchecked file).
//
// Runs offline. electronegativity makes two network requests of its own: translations for its
// messages (it falls back to its bundled English) and Electron's release list for the
// AVAILABLE_SECURITY_FIXES global check. The first is answered here with an immediate
// "offline" error, so no request ever leaves the machine; the second check is excluded, because
// it can only run online (Electron's security releases reach us through the pinned `electron`
// devDependency, updated deliberately).
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { judgeFindings, SUPPRESSIONS, type Finding, type Severity } from './security-findings';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);

/** Checks that need the network; excluded, see above. */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

interface RawIssue {
  id: string;
  severity: { name: Severity };
  confidence: { name: string };
  file: string;
  location: { line: number };
  description: string;
}
interface RawResult {
  issues: RawIssue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  globalChecks: number;
  atomicChecks: number;
}
type Runner = (options: Record<string, unknown>) => Promise<RawResult>;

/** Loads electronegativity's runner with `got` replaced by an offline stand-in. */
function loadOfflineRunner(): Runner {
  const offline = () => Promise.reject(new Error('offline: Purge Watch scans without network'));
  const offlineGot = Object.assign(offline, { head: offline, get: offline });
  const moduleInternals = Module as unknown as {
    _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
  };
  const load = moduleInternals._load;
  moduleInternals._load = function (request, parent, isMain) {
    if (
      request === 'got' &&
      parent?.filename?.includes(`${path.sep}@doyensec${path.sep}electronegativity${path.sep}`)
    ) {
      return offlineGot;
    }
    return load.call(this, request, parent, isMain);
  };
  return require('@doyensec/electronegativity/dist/runner.js') as Runner;
}

export interface ScanResult {
  findings: Finding[];
  unparsed: Array<{ file: string; message: string }>;
  checks: number;
}

/** Runs every offline check over `input` (a directory), as the app's Electron version. */
export async function scan(input: string): Promise<ScanResult> {
  const run = loadOfflineRunner();
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const log = console.log;
  console.log = () => {}; // the runner's "could not retrieve translations" chatter
  let result: RawResult;
  try {
    result = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS,
    });
  } finally {
    console.log = log;
  }
  return {
    findings: result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file.split(path.sep).join('/'),
      line: issue.location.line,
      description: issue.description,
    })),
    unparsed: result.errors.filter((error) => !error.tolerable),
    checks: result.globalChecks + result.atomicChecks,
  };
}

function describe(finding: Finding): string {
  const where = finding.file === 'N/A' ? '(global)' : `${finding.file}:${finding.line}`;
  return `${finding.severity} ${finding.confidence} ${finding.id} ${where}`;
}

async function main(): Promise<number> {
  let failed = false;
  for (const input of ['src', 'dist'] as const) {
    const dir = path.join(root, input);
    if (!fs.existsSync(dir)) {
      console.error(`scan: ${input}/ does not exist (run npm run build first)`);
      return 1;
    }
    const result = await scan(dir);
    const verdict = judgeFindings(input, result.findings, SUPPRESSIONS);
    console.log(
      `electronegativity ${input}/: ${result.checks} checks, ${result.findings.length} findings`,
    );
    for (const finding of verdict.informational) console.log(`  info  ${describe(finding)}`);
    for (const { finding, why } of verdict.suppressed)
      console.log(`  ok    ${describe(finding)}\n        suppressed: ${why}`);
    for (const finding of verdict.failing) {
      console.log(`  FAIL  ${describe(finding)}\n        ${finding.description}`);
    }
    for (const error of result.unparsed)
      console.log(`  FAIL  could not parse ${error.file}: ${error.message}`);
    if (verdict.failing.length > 0 || result.unparsed.length > 0) failed = true;
  }
  console.log(failed ? 'scan: FAILED (findings of MEDIUM severity or above)' : 'scan: passed');
  return failed ? 1 : 0;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)
) {
  process.exitCode = await main();
}
