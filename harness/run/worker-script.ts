/**
 * The pool's worker script: the worker with every scenario and model it can run (plus any extra scenario
 * modules), bundled by esbuild into one CommonJS file with an inline source map. A worker is then ready in
 * about 0.1 s (a pool's first result arrives after about 0.2-0.3 s) instead of loading every TypeScript
 * module through tsx's loader thread (0.6 to 1 s).
 * Bundled once per process and set of extra modules, into a temporary directory removed at exit.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const scripts = new Map<string, Promise<string>>();
let directory: string | null = null;
let built = 0;

/** The path of the bundled worker script for these extra scenario modules. */
export function workerScript(scenarioModules: readonly string[]): Promise<string> {
  const key = scenarioModules.join('\n');
  let script = scripts.get(key);
  if (script === undefined) {
    script = bundle(scenarioModules);
    scripts.set(key, script);
    script.catch(() => scripts.delete(key)); // a failed build (a syntax error in a module) is retried next time
  }
  return script;
}

async function bundle(scenarioModules: readonly string[]): Promise<string> {
  const entry = [
    `import { startWorker } from ${JSON.stringify(WORKER)};`,
    ...scenarioModules.map((path, i) => `import * as extra${i} from ${JSON.stringify(path)};`),
    `startWorker([${scenarioModules.map((_, i) => `extra${i}`).join(', ')}]);`,
  ].join('\n');
  const path = join(scriptDirectory(), `worker-${built++}.cjs`);
  try {
    const result = await build({
      outfile: path, // source map paths are relative to it, so stacks name the real .ts files
      stdin: { contents: entry, resolveDir: dirname(WORKER), sourcefile: 'faultline-worker.ts', loader: 'ts' },
      bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, sourcemap: 'inline', logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error('esbuild produced no output');
    writeFileSync(path, output.contents);
    return path;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)).join('; ');
    throw new Error(`could not bundle the worker script: ${detail ?? String(error)}`);
  }
}

function scriptDirectory(): string {
  if (directory === null) {
    const made = mkdtempSync(join(tmpdir(), 'faultline-worker-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    directory = made;
  }
  return directory;
}
