// One word per thing (issue 30): each surface keeps its words in one module (the window's
// window-words.ts, the tray's tray-words.ts, the notifications' notification-words.ts), and
// each names every thing as shared/state-words.ts does. Then every user-visible string of those
// surfaces (string literals with a space in them, and the window's HTML text) is searched for
// the words they used to have for the same things ("Not checked any more", "Time ran out",
// "API key", "keyring", "polling"…).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_WORDS,
  accountOnHoldWords,
  outcomeTitle,
} from '../../src/main/notifications/notification-words';
import {
  TRAY_KIND_WORDS,
  TRAY_LOGIN_ITEM_WORDS,
  TRAY_MARKS,
  TRAY_WORDS,
} from '../../src/main/tray/tray-words';
import { LOGIN_ITEM_WORDS, ROW_WORDS, STATUS_WORDS } from '../../src/renderer/window-words';
import { PURGE_STATES } from '../../src/shared/purge';
import {
  LOGIN_ITEM_PLACES,
  RETIRED_WORDS,
  STATE_WORDS,
  THING_WORDS,
} from '../../src/shared/state-words';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function folder(relative: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, relative))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${relative}/${file}`);
}

/** Each surface's files: where its user-visible words are written. */
const SURFACES: Record<string, string[]> = {
  window: fs
    .readdirSync(path.join(ROOT, 'src/renderer'))
    .filter((file) => /\.(ts|html)$/.test(file))
    .map((file) => `src/renderer/${file}`),
  tray: folder('src/main/tray'),
  notifications: folder('src/main/notifications'),
};

/** The text a person can read in a file: string literals with a space, or an HTML page's text. */
function visibleTexts(file: string): string[] {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  if (file.endsWith('.html')) {
    return source
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]*?(?:aria-label|title|placeholder)="([^"]*)"[^>]*>/g, ' $1 ')
      .replace(/<[^>]+>/g, ' ')
      .split(/\n\s*\n|\s{2,}/)
      .map((text) => text.trim())
      .filter((text) => text !== '');
  }
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const literals = code.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? [];
  return literals.map((literal) => literal.slice(1, -1)).filter((text) => /\s/.test(text));
}

/** Product names that contain a retired word without being a word for the thing. */
const PRODUCT_NAMES = /GNOME Keyring/g;

describe('one word per thing', () => {
  it('names each state as the shared words do, on every surface', () => {
    for (const state of PURGE_STATES) {
      const name = STATE_WORDS[state];
      expect(STATUS_WORDS[state].toLowerCase(), `window: ${state}`).toBe(name);
      expect(TRAY_KIND_WORDS[state], `tray: ${state}`).toBe(name);
    }
    expect(outcomeTitle('completed', 1)).toBe('Purge completed');
    expect(outcomeTitle('not_found', 1)).toBe('Purge not found');
    expect(outcomeTitle('given_up', 3)).toBe('3 purges given up');
  });

  it('names a purge waiting for its key "on hold", with one shape, in the window and the tray', () => {
    expect(STATUS_WORDS.held.toLowerCase()).toBe(THING_WORDS.onHold);
    expect(TRAY_KIND_WORDS.held).toBe(THING_WORDS.onHold);
    expect(ROW_WORDS.held).toContain(THING_WORDS.key);
    // A pause for on hold, never for given up (the tray used ⏸ for given up).
    expect(TRAY_MARKS.held).toBe('⏸');
    expect(new Set(Object.values(TRAY_MARKS)).size).toBe(Object.keys(TRAY_MARKS).length);
  });

  it('names the key "private key" and the pausing of checks "checking" everywhere', () => {
    expect(TRAY_WORDS.keyItem).toBe('Private key…');
    expect(NOTIFICATION_WORDS.keyNeeded).toBe('Private key needed');
    expect(NOTIFICATION_WORDS.onHold).toMatch(/^Checking is on hold .*"Private key…"/);
    expect(accountOnHoldWords('staging')).toMatch(/^Checking the purges of staging/);
    expect(TRAY_WORDS.pause).toBe('Pause checking');
    const html = fs.readFileSync(path.join(ROOT, 'src/renderer/index.html'), 'utf8');
    expect(html).toMatch(/<h3 id="key-heading">Private key<\/h3>/);
    expect(html).toMatch(/>Pause checking</);
  });

  it('names the place where a held-back login item is turned on alike in the tray and the window', () => {
    for (const [hold, place] of Object.entries(LOGIN_ITEM_PLACES)) {
      const kind = hold as keyof typeof LOGIN_ITEM_PLACES;
      expect(TRAY_LOGIN_ITEM_WORDS[kind], `tray: ${kind}`).toContain(place);
      expect(LOGIN_ITEM_WORDS[kind], `window: ${kind}`).toContain(place);
    }
    expect(LOGIN_ITEM_PLACES.approval).toBe('System Settings › General › Login Items');
  });

  for (const [surface, files] of Object.entries(SURFACES)) {
    it(`the ${surface} uses none of the words it used to have for the same things`, () => {
      const texts = files.flatMap((file) =>
        visibleTexts(file).map((text) => ({ file, text: text.replace(PRODUCT_NAMES, '') })),
      );
      expect(texts.length).toBeGreaterThan(5);
      const found = texts.flatMap(({ file, text }) =>
        Object.entries(RETIRED_WORDS).flatMap(([thing, retired]) =>
          retired
            .filter((word) => text.toLowerCase().includes(word.toLowerCase()))
            .map((word) => `${file}: "${word}" (say "${thing}") in: ${text}`),
        ),
      );
      expect(found).toEqual([]);
    });
  }

  it('finds a retired word where one is written (the search can fail)', () => {
    const sample = path.join('.tmp', 'words-probe.ts');
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, sample),
      "// a comment with Time ran out is not read\nconst a = 'Time ran out for this purge';\n",
    );
    try {
      expect(visibleTexts(sample)).toEqual(['Time ran out for this purge']);
    } finally {
      fs.rmSync(path.join(ROOT, sample));
    }
  });
});
