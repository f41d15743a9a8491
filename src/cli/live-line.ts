// The live progress line a terminal keeps rewriting (`\r`, then erase the line): where one can
// be drawn at all, and the line cut to the terminal's width. A line wider than the terminal
// wraps onto a second row that the next `\r` no longer reaches, so every second left one more
// row behind; a terminal that cannot erase (TERM=dumb: an editor's shell buffer) or a CI system
// recording a terminal (CI) keeps every redraw, escape codes and all.

/** Whether `env` says redrawn lines would be kept rather than redrawn: TERM=dumb, or CI. */
export function keepsEveryRedraw(env: Record<string, string | undefined>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return env.TERM === 'dumb' || (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0');
}

/** When neither the terminal nor COLUMNS says how wide it is (a terminal of size 0 × 0). */
const DEFAULT_COLUMNS = 80;

/**
 * How many columns a line may fill: the terminal's width when it reports one, else COLUMNS, else
 * 80; one less, as a terminal may wrap a line that reaches its last column.
 */
export function lineWidth(
  terminalColumns: number | undefined,
  env: Record<string, string | undefined>,
): number {
  const fromEnv = Number(env.COLUMNS);
  const columns =
    terminalColumns !== undefined && terminalColumns > 0
      ? terminalColumns
      : Number.isInteger(fromEnv) && fromEnv > 0
        ? fromEnv
        : DEFAULT_COLUMNS;
  return Math.max(columns - 1, 1);
}

/** `text` as it fits in `width` columns: cut with "…" when wider, never inside a character. */
export function fitToWidth(text: string, width: number): string {
  const characters = [...new Intl.Segmenter().segment(text)].map(({ segment }) => segment);
  if (displayWidth(characters) <= width) return text;
  const kept: string[] = [];
  let used = 1; // the "…"
  for (const character of characters) {
    used += columnsOf(character);
    if (used > width) break;
    kept.push(character);
  }
  return `${kept.join('')}…`;
}

function displayWidth(characters: readonly string[]): number {
  return characters.reduce((sum, character) => sum + columnsOf(character), 0);
}

/**
 * East Asian wide and full-width characters, and emoji: two columns each on a terminal. Hangul
 * Jamo, CJK (radicals to Yi), Hangul syllables, compatibility ideographs, vertical and small
 * forms, full-width forms, the supplementary ideographic planes.
 */
const WIDE =
  /^(?:\p{Extended_Pictographic}|[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}])/u;

/** The columns one character (a grapheme: a letter with its accents, an emoji) takes. */
function columnsOf(character: string): number {
  return WIDE.test(character) ? 2 : 1;
}
