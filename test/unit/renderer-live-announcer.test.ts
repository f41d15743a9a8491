// What the live region says when purges settle: one sentence per kind, batched, named.
import { describe, expect, it } from 'vitest';
import { settledSentences } from '../../src/renderer/live-announcer';

describe('settledSentences', () => {
  it('says one completion by name, and several in one sentence', () => {
    expect(settledSentences({ completed: ['hero.jpg'], notFound: [], givenUp: [] })).toEqual([
      'Purge completed: hero.jpg.',
    ]);
    expect(
      settledSentences({ completed: ['hero.jpg', 'logo.svg'], notFound: [], givenUp: [] }),
    ).toEqual(['2 purges completed: hero.jpg, logo.svg.']);
  });

  it('counts the names beyond three, and says new problems after completions', () => {
    expect(
      settledSentences({
        completed: ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'],
        notFound: ['598821f949c0a938d57563bd'],
        givenUp: ['f.png'],
      }),
    ).toEqual([
      '5 purges completed: a.jpg, b.jpg, c.jpg and 2 more.',
      '1 purge not found: 598821f949c0a938d57563bd.',
      '1 purge given up: f.png.',
    ]);
    expect(settledSentences({ completed: [], notFound: [], givenUp: [] })).toEqual([]);
  });
});
