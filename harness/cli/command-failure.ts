/** What a command that threw exits with: bad usage or an unwritable artifact 2 (its message), anything else 3. */
import type { Io } from './io.js';
import { WriteError } from '../run/files.js';
import { UsageError } from '../run/usage-error.js';

export function exitForFailure(command: string, error: unknown, io: Io): number {
  if (error instanceof UsageError || error instanceof WriteError) {
    io.err(error.message.startsWith('faultline') ? error.message : `faultline ${command}: ${error.message}`);
    return 2;
  }
  io.err(`faultline ${command}: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 3;
}
