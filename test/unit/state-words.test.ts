// One vocabulary: each state and error kind reads the same in the tray menu, the window and
// the CLI (the words live in src/shared/state-words.ts).
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/output';
import { stateText } from '../../src/main/tray/tray-menu-purge';
import { rowText } from '../../src/renderer/view-model';
import { API_ERROR_KINDS, PURGE_STATES } from '../../src/shared/purge';
import type { PurgeRequest, PurgeState } from '../../src/shared/purge';
import { ERROR_KIND_WORDS, STATE_WORDS } from '../../src/shared/state-words';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function purgeIn(state: PurgeState): PurgeRequest {
  return {
    requestId: '5f2b6c1e9a8d7c6b5a4f0001',
    state,
    status: state === 'completed' ? 'Completed' : 'Pending',
    submittedAt: NOW - 120_000,
    addedAt: NOW - 120_000,
    checks: 2,
  };
}

describe('the words for a state', () => {
  it.each(PURGE_STATES)('%s reads the same in the tray and the window', (state) => {
    const words = STATE_WORDS[state];
    expect(words).toMatch(/^[a-z][a-z ]+$/);
    expect(stateText(purgeIn(state), NOW).startsWith(words)).toBe(true);
    expect(rowText(purgeIn(state)).statusWord.toLowerCase()).toBe(words);
  });

  it('gives every state its own words', () => {
    expect(new Set(Object.values(STATE_WORDS)).size).toBe(PURGE_STATES.length);
  });
});

describe('the words for an error kind', () => {
  it.each(API_ERROR_KINDS)('%s is worded in the CLI', (kind) => {
    expect(describeError({ kind, message: 'It failed.' })).toBe(
      `It failed. (${ERROR_KIND_WORDS[kind]})`,
    );
  });

  it('a purge given up reads as its state does', () => {
    expect(describeError({ kind: 'given_up', message: 'still Pending 1d after submission' })).toBe(
      'still Pending 1d after submission (given up)',
    );
  });
});
