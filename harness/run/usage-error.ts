const BRAND = Symbol.for('faultline.UsageError');

/**
 * Bad input from a person (unknown id, bad flag, unreadable file): the CLI prints it and exits 2, no stack.
 * `instanceof UsageError` goes by a registered symbol, so it also holds for the copy of this class inside a
 * bundled command (the built check command is one file; see main.ts).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly [BRAND] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    // A subclass keeps the usual prototype test; only UsageError itself goes by the brand.
    if (this !== UsageError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
