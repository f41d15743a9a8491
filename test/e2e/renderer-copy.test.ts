// The e2e harness serves a private copy of the built renderer: it must not outlive the windows
// that use it (a full run used to leave one /tmp/purge-watch-renderer-* folder per process).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { releaseRendererCopy, rendererCopy } from './harness';

describe('the renderer copy the e2e windows share', () => {
  it('is removed when the last window using it closes', async () => {
    const first = await rendererCopy();
    const second = await rendererCopy();
    expect(second).toBe(first);
    expect(existsSync(`${first}/index.html`)).toBe(true);

    await releaseRendererCopy();
    expect(existsSync(first)).toBe(true); // still served to the other window
    await releaseRendererCopy();
    expect(existsSync(first)).toBe(false);
  });
});
