/**
 * A reader that goes away (`faultline list | head`) ends the output, not the command: a run still writes
 * its artifacts and exits with its own code. Any other stream error stays fatal.
 */
export function endOutputOnEpipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
