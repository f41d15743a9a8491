// Builds dist/ once before the tests: the CLI runs as a subprocess and the window's e2e tests
// load the bundled renderer, so both test what users run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
