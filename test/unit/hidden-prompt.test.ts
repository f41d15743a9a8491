// The hidden key prompt's order of operations on a terminal: what the user types the moment the
// prompt appears is never echoed (the built CLI under a real terminal: test/cli/key-prompt.test.ts).
import { describe, expect, it } from 'vitest';
import type { InputStream } from '../../src/cli/cli-context';
import { promptHidden } from '../../src/cli/hidden-prompt';

function terminal() {
  const events: string[] = [];
  let listener: ((chunk: string) => void) | undefined;
  const stdin: InputStream = {
    isTTY: true,
    setRawMode: (mode: boolean) => events.push(mode ? 'echo off' : 'echo on'),
    on: (_event, next) => (listener = next),
    removeListener: () => (listener = undefined),
    pause: () => undefined,
    resume: () => undefined,
    [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }),
  };
  const stderr = { write: (text: string) => events.push(`shows ${JSON.stringify(text)}`) };
  return { stdin, stderr, events, type: (text: string) => listener?.(text) };
}

describe('the hidden key prompt', () => {
  it('turns echo off before it shows the prompt, and back on when the key is entered', async () => {
    const { stdin, stderr, events, type } = terminal();
    const key = promptHidden(stdin, stderr, 'Key: ');
    type('private_abc\r');
    await expect(key).resolves.toBe('private_abc');
    expect(events).toEqual(['echo off', 'shows "Key: "', 'echo on', 'shows "\\n"']);
  });
});
