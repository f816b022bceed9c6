/**
 * `npm run lint:determinism [paths...]`: lints models/, scenarios/ and harness/sim/ (or the given files
 * and folders) for ambient time, randomness, timers and I/O. Exit 1 lists every finding as file:line.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectTargets, formatFinding, lintFiles } from './lint.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);

let files: string[];
if (args.length === 0) {
  files = collectTargets(repoRoot);
} else {
  files = [];
  for (const arg of args) {
    const path = resolve(arg);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      console.error(`lint:determinism: no such file or folder: ${arg}`);
      process.exit(2);
    }
    files.push(...(isDir ? collectTargets(path, ['.']) : [path]));
  }
}

const findings = lintFiles(files, args.length === 0 ? repoRoot : process.cwd());
for (const f of findings) console.error(formatFinding(f));
if (findings.length > 0) {
  console.error(`\nlint:determinism: ${findings.length} forbidden call${findings.length === 1 ? '' : 's'} in ${files.length} files.`);
  console.error('Models must use ctx.rng, ctx.wallNow()/monotonicNow(), ctx.setTimer() and ctx.storage. A reviewed exception');
  console.error('needs `// determinism-lint: allow <reason>` on the same line.');
  process.exit(1);
}
console.log(`lint:determinism: ${files.length} files clean.`);
