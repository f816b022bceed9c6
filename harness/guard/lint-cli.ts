/**
 * `npm run lint:determinism [paths...]`: lints models/, scenarios/ and harness/sim/ (or the given files
 * and folders) for ambient time, randomness, timers and I/O. Exit 1 lists every finding as file:line.
 */
import { fileURLToPath } from 'node:url';
import { collectTargets, filesOf, formatFinding, lintFiles, LINT_ADVICE } from './lint.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);

let files: string[];
try {
  files = args.length === 0 ? collectTargets(repoRoot) : filesOf(args);
} catch (error) {
  console.error(`lint:determinism: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const findings = lintFiles(files, args.length === 0 ? repoRoot : process.cwd());
for (const f of findings) console.error(formatFinding(f));
if (findings.length > 0) {
  console.error(`\nlint:determinism: ${findings.length} forbidden call${findings.length === 1 ? '' : 's'} in ${files.length} files.\n${LINT_ADVICE}`);
  process.exit(1);
}
console.log(`lint:determinism: ${files.length} files clean.`);
