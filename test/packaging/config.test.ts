// electron-builder.yml, checked offline: electron-builder's own schema validation, and the
// settings users depend on (IDs, Linux packages and desktop integration, macOS hardening,
// Windows installer, fuses).
import fs from 'node:fs';
import path from 'node:path';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { generateAppRunScript } from 'app-builder-lib/out/targets/appimage/appImageUtil';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, APP_NAME, LINK_SCHEME } from '../../src/main/desktop/app-identity';
import { loadBuilderConfig, projectDir } from './builder-config';

let config: Configuration;
beforeAll(async () => {
  config = await loadBuilderConfig();
});

function targetNames(targets: unknown): string[] {
  return (Array.isArray(targets) ? targets : [targets]).map((t) =>
    typeof t === 'string' ? t : (t as { target: string }).target,
  );
}

describe('electron-builder.yml against electron-builder 26 schema', () => {
  it('is accepted by electron-builder validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('validation rejects a misspelt option', async () => {
    const typo = { ...config, electronFuse: { runAsNode: false } } as Configuration;
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(
      /electronFuse/,
    );
  });
});

describe('identity', () => {
  it('uses the appId the main process uses as its AppUserModelID', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(APP_NAME);
  });

  it('registers the purgewatch: scheme the main process handles', () => {
    const schemes = [config.protocols ?? []].flat().flatMap((p) => [p.schemes].flat());
    expect(schemes).toEqual([LINK_SCHEME]);
  });

  it('writes installers to release/, which git ignores', () => {
    expect(config.directories?.output).toBe('release');
    const ignored = fs.readFileSync(path.join(projectDir, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('release/');
  });
});

describe('platform targets', () => {
  it('Linux: the deb (the main download) and the AppImage, in the Utility category, with the icon set', () => {
    expect(targetNames(config.linux?.target)).toEqual(['deb', 'AppImage']);
    expect(config.linux?.category).toBe('Utility');
    expect(fs.existsSync(path.join(projectDir, String(config.linux?.icon), '512x512.png'))).toBe(
      true,
    );
  });

  it('deb: depends on libsecret and libnotify (plus the Electron defaults), recommends AppIndicator', () => {
    const depends = config.deb?.depends as string[];
    expect(depends).toEqual(
      expect.arrayContaining(['libsecret-1-0', 'libnotify4', 'libgtk-3-0', 'libnss3']),
    );
    const recommends = [config.deb?.recommends].flat().join(', ');
    expect(recommends).toMatch(/libayatana-appindicator3-1/);
    expect(recommends).toMatch(/libappindicator3-1/);
  });

  it('macOS: dmg and zip (the updater installs from the zip) for both architectures, hardened runtime, entitlements that only allow the JIT', () => {
    expect(targetNames(config.mac?.target)).toEqual(['dmg', 'zip']);
    for (const target of [config.mac?.target].flat()) {
      expect((target as { arch: string[] }).arch.sort()).toEqual(['arm64', 'x64']);
    }
    expect(config.mac?.hardenedRuntime).toBe(true);
    const entitlements = fs.readFileSync(
      path.join(projectDir, String(config.mac?.entitlements)),
      'utf8',
    );
    const keys = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(fs.existsSync(path.join(projectDir, String(config.mac?.icon)))).toBe(true);
  });

  it('macOS: a menu-bar app (LSUIElement), so no Dock icon flashes at launch or login', () => {
    expect(config.mac?.extendInfo).toMatchObject({ LSUIElement: true });
  });

  it('Windows: nsis with the .ico', () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(fs.existsSync(path.join(projectDir, String(config.win?.icon)))).toBe(true);
  });

  it('Windows: uninstalling removes purgewatch:// and the login item the app registered itself (not on an update)', () => {
    const include = String((config.nsis as { include?: string } | undefined)?.include);
    expect(include).toBe('build/installer.nsh');
    const script = fs.readFileSync(path.join(projectDir, include), 'utf8');
    const macro = /^!macro customUnInstall\n([\s\S]*?)^!macroend/m.exec(script)?.[1] ?? '';
    // An update runs the old uninstaller too: what the new version still uses stays then.
    const removals = /\$\{ifNot\} \$\{isUpdated\}\n([\s\S]*?)\$\{endIf\}/.exec(macro)?.[1] ?? '';
    const lines = removals.split('\n').map((line) => line.trim());
    // app.setAsDefaultProtocolClient's key, and app.setLoginItemSettings' Run value and Task
    // Manager's switch, both named after the AppUserModelID (the login item test checks that).
    expect(lines).toEqual(
      expect.arrayContaining([
        `DeleteRegKey HKCU "Software\\Classes\\${LINK_SCHEME}"`,
        `DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "${APP_ID}"`,
        `DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run" "${APP_ID}"`,
      ]),
    );
  });

  it('packs into an asar with keytar unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**/*.node');
  });

  it('publishes to a draft GitHub Release, where electron-updater finds the update feeds', () => {
    expect(config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
  });

  it('names installers without spaces (GitHub makes them dots), the deb as Debian does', () => {
    expect(config.artifactName).toBe('${name}-${version}-${os}-${arch}.${ext}');
    expect(config.deb?.artifactName).toBe('${name}_${version}_${arch}.${ext}');
  });

  it("the AppImage's launcher drops the sandbox only where user namespaces are refused (Ubuntu 23.10+)", () => {
    // electron-builder writes AppRun; a downgrade to one without the probe would abort there.
    const appRun = generateAppRunScript({ ExecutableName: 'purge-watch' } as never);
    expect(appRun).toContain('unshare -Ur true');
    expect(appRun).toMatch(/NO_SANDBOX=\(--no-sandbox\)/);
  });
});

describe('Electron fuses', () => {
  it('turn off run-as-node, NODE_OPTIONS, --inspect and file:// privileges; turn on cookie encryption, asar integrity, asar-only loading', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      // Unsigned Apple-silicon builds launch only if re-signed ad hoc after the flip.
      resetAdHocDarwinSignature: true,
    });
  });
});
