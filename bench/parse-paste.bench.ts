// How long parseRequestIds takes on 10 MB pastes. Run: npx tsx bench/parse-paste.bench.ts
// Linear parsing should keep each case well under a second on a laptop.
import { parseRequestIds } from '../src/core/input/request-ids';
import { seededRandom } from '../test/support/seeded-random';

const TARGET_CHARS = 10 * 1024 * 1024;

function build(piece: (random: () => number) => string): string {
  const random = seededRandom(42);
  const parts: string[] = [];
  let length = 0;
  while (length < TARGET_CHARS) {
    const part = piece(random);
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

const hex = (random: () => number, count: number) => {
  let out = '';
  for (let i = 0; i < count; i++) out += '0123456789abcdef'[Math.floor(random() * 16)];
  return out;
};

const cases: Record<string, string> = {
  'ids, one per line': build((random) => `${hex(random, 24)}\n`),
  'ids as JSON objects': build((random) => `{"requestId":"${hex(random, 24)}"},\n`),
  'printable garbage': build((random) => String.fromCharCode(32 + Math.floor(random() * 95))),
  'hex-ish garbage, no separators': build((random) => hex(random, 1000)),
  'any UTF-16 units (lone surrogates, NUL)': build((random) =>
    String.fromCharCode(Math.floor(random() * 0x10000)),
  ),
  'botched ids in JSON': build((random) => `{"requestId":"${hex(random, 23)}"} `),
};

for (const [name, text] of Object.entries(cases)) {
  parseRequestIds(text.slice(0, 10_000)); // warm up
  const started = performance.now();
  const result = parseRequestIds(text);
  const ms = performance.now() - started;
  console.log(
    `${name.padEnd(42)} ${(text.length / 1024 / 1024).toFixed(1)} MB  ${ms.toFixed(0).padStart(6)} ms  ` +
      `${result.ids.length} ids, ${result.rejected.length} rejected entries`,
  );
}
