// The Homebrew cask the release workflow attaches: scripts/homebrew-cask.mjs fills
// build/homebrew/purge-watch.rb.template with the version, the repository and each dmg's
// SHA-256, and refuses to write a cask with a dmg missing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCommand } from '../support/cli-install';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cask-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function dmg(name: string, content: string): string {
  fs.writeFileSync(path.join(dir, name), content);
  return createHash('sha256').update(content).digest('hex');
}

const cask = (args: string[]) =>
  runCommand(process.execPath, [path.join(ROOT, 'scripts/homebrew-cask.mjs'), ...args], {
    cwd: ROOT,
    env: process.env,
  });

describe('the Homebrew cask of a release', () => {
  it("names the version, the release's dmg URL per architecture and each dmg's SHA-256", async () => {
    const arm = dmg('purge-watch-1.2.3-mac-arm64.dmg', 'apple silicon');
    const intel = dmg('purge-watch-1.2.3-mac-x64.dmg', 'intel');
    const run = await cask([
      '--version',
      '1.2.3',
      '--repository',
      'acme/purge-watch',
      '--dmgs',
      dir,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cask "purge-watch" do$/m);
    expect(run.stdout).toContain('version "1.2.3"');
    expect(run.stdout).toContain(`sha256 arm:   "${arm}",\n         intel: "${intel}"`);
    expect(run.stdout).toContain(
      'url "https://github.com/acme/purge-watch/releases/download/v#{version}/purge-watch-#{version}-mac-#{arch}.dmg"',
    );
    expect(run.stdout).toContain('app "Purge Watch.app"');
    expect(run.stdout).not.toMatch(/\{\{/);
  });

  it('refuses a release without one of the dmgs, or without a version', async () => {
    fs.rmSync(path.join(dir, 'purge-watch-1.2.3-mac-x64.dmg'), { force: true });
    const missing = await cask(['--version', '1.2.3', '--repository', 'acme/pw', '--dmgs', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/purge-watch-1\.2\.3-mac-x64\.dmg is missing/);
    expect(missing.stdout).toBe('');
    const noVersion = await cask(['--repository', 'acme/pw', '--dmgs', dir]);
    expect(noVersion.code).toBe(2);
  });

  it('is installed the way Homebrew allows for a cask file outside a tap', () => {
    // Since Homebrew 4.6 `brew install --cask ./file.rb` is refused ("Homebrew requires casks
    // to be in a tap") unless HOMEBREW_DEVELOPER is set.
    const files = [
      'docs/INSTALL.md',
      'docs/PLATFORMS.md',
      '.github/workflows/release.yml',
      'build/homebrew/purge-watch.rb.template',
    ];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const installs = [...text.matchAll(/([^\s`]+ )?brew install --cask \.\/purge-watch\.rb/g)];
      expect(installs.length, file).toBeGreaterThan(0);
      for (const [command, before] of installs) {
        expect(before, `${file}: ${command}`).toBe('HOMEBREW_DEVELOPER=1 ');
      }
      expect(text, file).not.toMatch(/`brew upgrade`\s*\|/);
    }
  });

  it('expects the dmg names electron-builder.yml gives them', () => {
    const config = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(
      /^artifactName: \$\{name\}-\$\{version\}-\$\{os\}-\$\{arch\}\.\$\{ext\}$/m,
    );
  });
});
