/** Where a command writes: injectable so tests run the CLI in-process and read what it printed. */
import { useColor } from '../../reports/color.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Raw stderr writes (the progress bar redraws in place). */
  errRaw(text: string): void;
  /** Whether stderr is a terminal (progress bar) or not (plain periodic lines). */
  isTTY: boolean;
  /** Whether the summary is coloured (a terminal, NO_COLOR and FORCE_COLOR); never for captured output. */
  color: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  errRaw: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  color: useColor(process.env, process.stdout.isTTY),
};

/** Collects output, for tests. */
export function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), errRaw: (t) => stderr.push(t), isTTY: false, color: false };
}
