// A record's shape declared once, as data. Its TypeScript type is derived from it (`ShapeOf`),
// and so is the reader that checks an untrusted copy (a store file written by an earlier
// version, edited by hand, or half-written). A field may name the spellings it had before: the
// reader accepts them and returns today's. Imports nothing.

/** Returned by `Field.read` when the value does not hold. */
export const INVALID: unique symbol = Symbol('invalid');

export interface Field<T, Optional extends boolean = boolean> {
  readonly optional: Optional;
  /** The value as it is spelled today, or `INVALID`. */
  read(value: unknown): T | typeof INVALID;
}

type Shape = Readonly<Record<string, Field<unknown>>>;

type ValueOf<F> = F extends Field<infer T> ? T : never;
type OptionalKeys<S> = {
  [K in keyof S]: S[K] extends Field<unknown, true> ? K : never;
}[keyof S];
type Flat<T> = { [K in keyof T]: T[K] };

/** The record type a shape declares: optional fields are optional properties. */
export type ShapeOf<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: ValueOf<S[K]> } & {
    [K in OptionalKeys<S>]?: ValueOf<S[K]>;
  }
>;

function field<T>(holds: (value: unknown) => value is T): Field<T, false> {
  return { optional: false, read: (value) => (holds(value) ? value : INVALID) };
}

export const text = field((value): value is string => typeof value === 'string');
export const finiteNumber = field((value): value is number => Number.isFinite(value));
export const wholeNumber = field((value): value is number => Number.isInteger(value));
/** True or false. */
export const truthValue = field((value): value is boolean => typeof value === 'boolean');
/** A mark that is there (true) or left out. */
export const mark = field((value): value is true => value === true);

/**
 * One of `values`. `formerly` maps a spelling written by an earlier version to today's one, so
 * a file that holds it still reads.
 */
export function oneOf<const T extends string>(
  values: readonly T[],
  formerly: Readonly<Record<string, T>> = {},
): Field<T, false> {
  return {
    optional: false,
    read(value) {
      if (typeof value !== 'string') return INVALID;
      if ((values as readonly string[]).includes(value)) return value as T;
      return Object.hasOwn(formerly, value) ? (formerly[value] as T) : INVALID;
    },
  };
}

/** The field may be left out (or undefined); when it is there, it must hold. */
export function optional<T>(inner: Field<T>): Field<T, true> {
  return { optional: true, read: (value) => inner.read(value) };
}

/**
 * A record of `shape`'s fields. Reading returns the same object when every field already holds
 * as spelled today, else a copy with today's spellings; fields the shape does not name are kept.
 */
export function record<const S extends Shape>(shape: S): Field<ShapeOf<S>, false> & { shape: S } {
  const entries = Object.entries(shape);
  return {
    optional: false,
    shape,
    read(value) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return INVALID;
      const source = value as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const [key, inner] of entries) {
        const raw = source[key];
        if (raw === undefined && inner.optional) continue;
        const read = inner.read(raw);
        if (read === INVALID) return INVALID;
        if (read !== raw) (copy ??= { ...source })[key] = read;
      }
      return (copy ?? source) as ShapeOf<S>;
    },
  };
}
