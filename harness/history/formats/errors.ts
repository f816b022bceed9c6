/** Malformed history input: the message names the file and the 1-based line. */
export class HistoryFormatError extends Error {
  override name = 'HistoryFormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** A history op that a format cannot hold (export): names the op and what the format takes. */
export class UnprintableOpError extends Error {
  override name = 'UnprintableOpError';
  constructor(
    readonly format: string,
    readonly index: number,
    readonly detail: string,
  ) {
    super(`${format} cannot hold op ${index}: ${detail}`);
  }
}

/** Splits text into lines (LF or CRLF) and drops one trailing empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
