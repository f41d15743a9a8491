import { describe, expect, it } from 'vitest';
import { keyForms, safeServerText } from '../../src/core/imagekit/server-text';

describe('safeServerText: what a server sent, made safe to show', () => {
  it('shows a line break, a line or paragraph separator, or an escape sequence as one space', () => {
    expect(safeServerText('Pending\r\nCompleted')).toBe('Pending Completed');
    expect(safeServerText('Pending\u2028Completed\u2029done')).toBe('Pending Completed done');
    expect(safeServerText('\u001b[2JCleared\u0007')).toBe('[2JCleared');
  });

  it('drops the marks that reorder text, and never leaves a lone surrogate', () => {
    expect(safeServerText('abc\u202edcba\u202c')).toBe('abc dcba');
    expect(safeServerText('x\ud800y')).toBe('x\ufffdy');
  });

  it('hides the key, also when control characters split it or it comes as Basic auth', () => {
    const key = 'private_abc123';
    const [typed, basic] = keyForms(key) as [string, string];
    expect(safeServerText(`bad key ${typed}`, keyForms(key))).toBe('bad key [private key]');
    expect(safeServerText(`auth ${basic}`, keyForms(key))).toBe('auth [private key]');
    expect(safeServerText('private_\u001babc123', keyForms(key))).toBe('[private key]');
  });

  it('drops what nothing draws, so no word hides in another and no key is split past its mask', () => {
    // Zero width space, soft hyphen, word joiner, BOM, a variation selector, a tag character.
    expect(safeServerText('Comp\u200bleted')).toBe('Comp leted');
    expect(safeServerText('a\u00adb\u2060c\ufeffd\ufe0fe\u{E0041}f')).toBe('a b c d e f');
    const key = 'private_abc123';
    const split = 'priv\u200bate_\u00adabc\u{E0041}123';
    expect(safeServerText(`bad key ${split}`, keyForms(key))).toBe('bad key [private key]');
  });

  it('cuts a long text with an ellipsis', () => {
    const shown = safeServerText('x'.repeat(1000), [], 20);
    expect(shown).toBe(`${'x'.repeat(19)}…`);
  });
});
