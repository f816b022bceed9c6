/** Bad input from a person (unknown id, bad flag, unreadable file): the CLI prints it and exits 2, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
