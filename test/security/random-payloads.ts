// Random IPC payloads for the fuzz: hostile values of every kind a compromised window could send
// (wrong types, extra and prototype-polluting fields, huge strings, deep nesting, NUL bytes and
// lone surrogates, NaN and Infinity…), and mutations of a valid payload that break exactly one
// rule. Deterministic: the same seed gives the same payloads. Only values Electron's IPC can
// carry (structured-cloneable) are produced, since nothing else ever reaches the main process.

/** A channel's valid payload and the longest text each of its text fields accepts. */
export interface PayloadTemplate {
  /** undefined for channels that take no payload. */
  valid: Record<string, unknown> | undefined;
  /** Field name → longest accepted length (for list fields: of each item). */
  limits?: Record<string, number>;
  /** Fields that are lists of text (request IDs), with the longest accepted list. */
  lists?: Record<string, number>;
  /**
   * Every field (true), or these fields, may be left out: a missing one does not make the
   * payload invalid.
   */
  optionalFields?: boolean | readonly string[];
  /** The channel also takes no payload at all. */
  payloadOptional?: boolean;
}

/** The arguments of one invoke, and whether they break a rule of the contract by construction. */
export interface RandomCall {
  args: unknown[];
  /** True: the contract refuses this, whatever the validator says. False: it may be valid. */
  invalidByConstruction: boolean;
}

/** Numbers no time field accepts. */
const NOT_A_TIME = [NaN, Infinity, -Infinity, -1, -1e-300, Number.MIN_SAFE_INTEGER];

const SPECIAL_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  1,
  0.5,
  1e308,
  -1e-308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 31,
];

const NASTY_STRINGS = [
  '',
  ' ',
  '\0',
  'a\0b',
  '\uD800',
  '\uDFFF',
  'x\uD83D',
  '\uDE00y',
  '\uD83D\uDE00',
  '\u202Eevil',
  '\uFEFF',
  '\r\n\t',
  '__proto__',
  'constructor',
  'prototype',
  'true',
  'null',
  'NaN',
  'private_',
  'public_abc123',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'https://',
  'HTTPS://cdn.example.com/a.jpg\0.exe',
  'data:text/html,<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e',
  '${process.exit(1)}',
  '<img src=x onerror=alert(1)>',
  '5f2b6c1e9a8d7c6b5a4f3e2d',
  '5f2b6c1e9a8d7c6b5a4f3e2d\0',
];

/** Field names a polluting sender would try, next to ordinary unexpected ones. */
export const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
];
const OTHER_KEYS = ['extra', 'x', '', '0', 'then', 'length', 'text ', 'TEXT', 'requestId\0'];

export class RandomPayloads {
  constructor(private readonly random: () => number) {}

  /** The arguments of one invoke: usually one payload, sometimes none or several. */
  next(template: PayloadTemplate): RandomCall {
    const roll = this.random();
    if (roll < 0.05) {
      const invalid = template.valid !== undefined && !template.payloadOptional;
      return { args: [], invalidByConstruction: invalid };
    }
    if (roll < 0.1) {
      const count = 2 + this.int(3);
      const args = Array.from({ length: count }, () =>
        this.random() < 0.5 ? clone(template.valid) : this.value(0),
      );
      return { args, invalidByConstruction: true };
    }
    if (roll < 0.4 || template.valid === undefined) {
      return { args: [this.value(0)], invalidByConstruction: false };
    }
    const mutated = this.mutate(template);
    return mutated
      ? { args: [mutated.payload], invalidByConstruction: mutated.broken }
      : { args: [this.value(0)], invalidByConstruction: false };
  }

  /** A valid payload broken in one way (`broken`: certainly, by construction). */
  private mutate(template: PayloadTemplate): { payload: unknown; broken: boolean } | undefined {
    const valid = template.valid!;
    const fields = Object.keys(valid);
    const payload = clone(valid) as Record<string, unknown>;
    const field = this.pick(fields);
    switch (this.int(9)) {
      case 0: {
        // a field of another type
        const original = kindOf(valid[field]);
        let value: unknown;
        do value = this.value(1);
        while (value === undefined || kindOf(value) === original);
        payload[field] = value;
        return { payload, broken: true };
      }
      case 1: // a nasty value of any type, perhaps a valid one
        payload[field] = this.value(1);
        return { payload, broken: false };
      case 2: // an extra field, often a prototype-polluting one
        defineOwn(payload, this.key(), this.value(1));
        return { payload, broken: true };
      case 3: // a field missing
        delete payload[field];
        return { payload, broken: !mayLeaveOut(template, field) };
      case 4: // the payload wrapped, or replaced by one of its values
        return { payload: this.random() < 0.5 ? [payload] : payload[field], broken: true };
      case 5: {
        // text one character over its limit (or far over)
        const limits = template.limits ?? {};
        const limitedField = this.pick(Object.keys(limits));
        const limit = limitedField === undefined ? undefined : limits[limitedField];
        if (limitedField === undefined || limit === undefined) return undefined;
        const long = this.longText(limit + 1 + (this.random() < 0.2 ? this.int(5_000) : 0));
        payload[limitedField] = template.lists?.[limitedField] !== undefined ? [long] : long;
        return { payload, broken: true };
      }
      case 6: {
        // a list one item over its limit, or with one random item
        const lists = template.lists ?? {};
        const listField = this.pick(Object.keys(lists));
        const max = listField === undefined ? undefined : lists[listField];
        if (listField === undefined || max === undefined) return undefined;
        const over = this.random() < 0.3;
        payload[listField] = over
          ? Array.from({ length: max + 1 }, (_, i) => i.toString(16).padStart(24, '0'))
          : ['5f2b6c1e9a8d7c6b5a4f3e2d', this.value(1)];
        return { payload, broken: over };
      }
      case 7: {
        // a polluting field holding a copy of the valid payload; or a number that is no time
        const numeric = fields.filter((f) => typeof valid[f] === 'number');
        if (numeric.length > 0 && this.random() < 0.5) {
          payload[this.pick(numeric)] = this.pick(NOT_A_TIME);
          return { payload, broken: true };
        }
        defineOwn(payload, this.pick(POLLUTION_KEYS), clone(valid));
        return { payload, broken: true };
      }
      default:
        // nested inside arrays and objects: never the object the channel expects
        return { payload: this.nest(payload, 1 + this.int(300)), broken: true };
    }
  }

  /** Any value Electron's IPC can carry. */
  value(depth: number): unknown {
    const kind = this.int(depth > 3 ? 9 : 15);
    switch (kind) {
      case 0:
        return undefined;
      case 1:
        return null;
      case 2:
        return this.random() < 0.5;
      case 3:
        return this.random() < 0.7
          ? this.pick(SPECIAL_NUMBERS)
          : (this.random() - 0.5) * 10 ** this.int(20);
      case 4:
        return BigInt(this.int(1_000_000)) * 10n ** 30n;
      case 5:
      case 6:
        return this.pick(NASTY_STRINGS);
      case 7:
        return this.randomText(this.int(40));
      case 8:
        // Just over the longest text any channel accepts (1 MiB): over every limit, yet cheap
        // enough to clone a few hundred times on a busy machine.
        return this.random() < 0.3 ? this.longText(1024 * 1024 + 1_000) : this.longText(8_000);
      case 9:
        return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
      case 10:
      case 11: {
        const object: Record<string, unknown> = {};
        const count = this.int(4);
        for (let i = 0; i < count; i++) defineOwn(object, this.key(), this.value(depth + 1));
        return object;
      }
      case 12:
        return this.nest(this.value(depth + 1), 1 + this.int(1_000));
      case 13:
        return this.pick([
          () => new Date(this.random() < 0.5 ? NaN : this.int(2 ** 40)),
          () => new Map([[this.key(), this.value(depth + 1)]]),
          () => new Set([this.value(depth + 1)]),
          () => new Uint8Array(this.int(64)).map(() => this.int(256)),
          () => /.*/gi,
        ])();
      default:
        return [clone(this.value(depth + 1))];
    }
  }

  private nest(inner: unknown, levels: number): unknown {
    let value = inner;
    for (let i = 0; i < levels; i++) {
      value = this.random() < 0.5 ? [value] : { [this.pick(['text', 'a', 'requestIds'])]: value };
    }
    return value;
  }

  private key(): string {
    return this.random() < 0.6 ? this.pick(POLLUTION_KEYS) : this.pick(OTHER_KEYS);
  }

  private longText(length: number): string {
    const unit = this.pick(['x', 'private_', '\0', '\uD800', 'é']);
    // Only as many repeats as the length needs ("private_" × 11 M would be 88 M characters).
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  }

  private randomText(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(this.int(0x10000));
    return text;
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** The type of a value as the validators tell them apart. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Sets an own, enumerable property even for "__proto__" (what JSON.parse would produce). */
function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function mayLeaveOut(template: PayloadTemplate, field: string): boolean {
  const optional = template.optionalFields;
  return optional === true || (Array.isArray(optional) && optional.includes(field));
}
