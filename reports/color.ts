/**
 * Whether terminal output is coloured (its own module: every command loads it, and nothing else of reports/).
 * The no-color.org and FORCE_COLOR conventions: NO_COLOR (non-empty) wins, then FORCE_COLOR (not 0), then a TTY.
 */
export function useColor(env: Record<string, string | undefined>, isTTY: boolean | undefined): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY === true;
}
