// The security scan's rule (MEDIUM or above fails unless suppressed with a reason), and the real
// scanner, offline, catching a BrowserWindow that turns Node integration on.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { judgeFindings, SUPPRESSIONS, type Finding } from '../../scripts/security-findings';
import { scan } from '../../scripts/security-scan';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'SANDBOX_JS_CHECK',
  severity: 'MEDIUM',
  confidence: 'TENTATIVE',
  file: 'main/window/window.ts',
  line: 1,
  description: '',
  ...over,
});

describe('judgeFindings', () => {
  it('fails on MEDIUM and HIGH findings of any confidence, and only reports LOW and informational ones', () => {
    const findings = [
      finding({ severity: 'HIGH', confidence: 'CERTAIN' }),
      finding({ severity: 'MEDIUM', confidence: 'TENTATIVE' }),
      finding({ severity: 'LOW' }),
      finding({ severity: 'INFORMATIONAL' }),
    ];
    const verdict = judgeFindings('src', findings, []);
    expect(verdict.failing.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM']);
    expect(verdict.informational.map((f) => f.severity)).toEqual(['LOW', 'INFORMATIONAL']);
  });

  it('a suppression covers one check in one file of one scan, and only with a reason', () => {
    const suppressions = [
      {
        input: 'src' as const,
        check: 'SANDBOX_JS_CHECK',
        file: 'main/window/window.ts',
        why: 'sandbox: true is set in windowOptions',
      },
      {
        input: 'src' as const,
        check: 'OPEN_EXTERNAL_JS_CHECK',
        file: 'main/window/web-security.ts',
        why: '   ',
      },
    ];
    const verdict = judgeFindings(
      'src',
      [
        finding({}),
        finding({ file: 'main/other.ts' }),
        finding({ id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/window/web-security.ts' }),
      ],
      suppressions,
    );
    expect(verdict.suppressed.map((s) => s.finding.file)).toEqual(['main/window/window.ts']);
    expect(verdict.failing.map((f) => f.file)).toEqual([
      'main/other.ts',
      'main/window/web-security.ts',
    ]);
    expect(judgeFindings('dist', [finding({})], suppressions).failing).toHaveLength(1);
  });

  it('every committed suppression says why', () => {
    for (const suppression of SUPPRESSIONS)
      expect(suppression.why.trim().length, suppression.check).toBeGreaterThan(20);
  });
});

describe('electronegativity, offline', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-scan-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'finds a window with Node integration on and context isolation off, and the rule fails it',
    { timeout: 60_000 },
    async () => {
      fs.writeFileSync(
        path.join(dir, 'main.js'),
        "const { BrowserWindow } = require('electron');\n" +
          'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n' +
          "win.loadURL('https://example.com/');\n",
      );
      // Its network look-ups are answered locally: no connection is even attempted (the real
      // ones would wait for a timeout offline).
      const connect = vi.spyOn(net.Socket.prototype, 'connect');
      let connections = 0;
      const result = await scan(dir).finally(() => {
        connections = connect.mock.calls.length;
        connect.mockRestore();
      });
      expect(connections).toBe(0);
      const ids = result.findings.map((f) => f.id);
      expect(ids).toEqual(
        expect.arrayContaining(['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK']),
      );
      expect(judgeFindings('src', result.findings, []).failing.length).toBeGreaterThan(0);
    },
  );
});
