// `npm run check:workflows`: validates every workflow in .github/workflows and action.yml
// against GitHub's schemas with action-validator (@action-validator/core, offline). Exits 1
// naming each file that fails and why.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAction, validateWorkflow } from '@action-validator/core';

// fileURLToPath, not URL.pathname: on Windows that would be /C:/….
const root = fileURLToPath(new URL('..', import.meta.url));
const workflows = path.join(root, '.github/workflows');
const files = [
  ...fs
    .readdirSync(workflows)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(workflows, name)),
  path.join(root, 'action.yml'),
];
let failed = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const { errors } = file.endsWith('action.yml') ? validateAction(text) : validateWorkflow(text);
  const name = path.relative(root, file);
  if (errors.length === 0) {
    console.log(`valid: ${name}`);
  } else {
    failed++;
    console.error(`invalid: ${name}\n${JSON.stringify(errors, null, 2)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
