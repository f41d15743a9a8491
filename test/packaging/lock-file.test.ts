// package-lock.json's root entry repeats package.json's name, version, licence, bin,
// dependencies and engines. When they differ, `npm install` rewrites the lock file and leaves
// every newcomer's checkout changed (it once said engines >=20.19 where package.json said 22.12).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

describe('package-lock.json', () => {
  it('says what package.json says, so npm install leaves it as it is', () => {
    const pkg = read('package.json');
    const lock = read('package-lock.json') as {
      name: string;
      version: string;
      packages: Record<string, Record<string, unknown>>;
    };
    const fields = [
      'name',
      'version',
      'license',
      'bin',
      'dependencies',
      'devDependencies',
      'engines',
    ];
    const pick = (from: Record<string, unknown>) =>
      Object.fromEntries(fields.filter((field) => field in from).map((f) => [f, from[f]]));
    expect(pick(lock.packages['']!)).toEqual(pick(pkg));
    expect(lock.name).toBe(pkg.name);
    expect(lock.version).toBe(pkg.version);
  });
});
