// The live progress line cut to a terminal's width (src/cli/live-line.ts): counted in the columns
// a terminal draws (a CJK character or an emoji takes two), never cut inside a character.
import { describe, expect, it } from 'vitest';
import { fitToWidth, keepsEveryRedraw, lineWidth } from '../../src/cli/live-line';

describe('fitToWidth', () => {
  it('keeps a line that fits, and cuts a longer one with … within the width', () => {
    expect(fitToWidth('Waiting for 1 of 1 purge', 24)).toBe('Waiting for 1 of 1 purge');
    expect(fitToWidth('Waiting for 1 of 1 purge', 10)).toBe('Waiting f…');
  });

  it('counts wide characters as two columns and never splits an emoji or an accent', () => {
    // 接続 = 4 columns: "last: 接続できません" is 6 + 14 = 20 columns.
    expect(fitToWidth('last: 接続できません', 12)).toBe('last: 接続…');
    expect(fitToWidth('a 👍🏽 b', 3)).toBe('a …');
    expect(fitToWidth('cafe\u0301 ok', 5)).toBe('cafe\u0301…');
  });
});

describe('lineWidth', () => {
  it("is one less than the terminal's width; COLUMNS, then 80, when it reports none", () => {
    expect(lineWidth(40, { COLUMNS: '100' })).toBe(39);
    expect(lineWidth(0, { COLUMNS: '30' })).toBe(29);
    expect(lineWidth(undefined, { COLUMNS: '0' })).toBe(79);
    expect(lineWidth(0, { COLUMNS: 'wide' })).toBe(79);
    expect(lineWidth(1, {})).toBe(1);
  });
});

describe('keepsEveryRedraw', () => {
  it('is true for TERM=dumb and a CI, false for CI=false or none', () => {
    expect(keepsEveryRedraw({ TERM: 'dumb' })).toBe(true);
    expect(keepsEveryRedraw({ CI: 'true' })).toBe(true);
    expect(keepsEveryRedraw({ CI: '1' })).toBe(true);
    expect(keepsEveryRedraw({ CI: 'false', TERM: 'xterm-256color' })).toBe(false);
    expect(keepsEveryRedraw({ CI: '' })).toBe(false);
    expect(keepsEveryRedraw({})).toBe(false);
  });
});
