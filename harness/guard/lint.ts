/**
 * Determinism lint: a static check that model-facing code takes time, randomness, timers and I/O only
 * from the simulation context. The runtime guard catches these calls when they happen; this catches
 * them in code paths a run never reached.
 *
 * TypeScript 7 (the native compiler) ships no JavaScript compiler API, so this is a small tokenizer:
 * comments, strings, template text and regular expressions are recognised and never matched, and the
 * rules look at sequences of identifier and punctuation tokens (`Math` `.` `random`).
 *
 * Escape hatch, for reviewed exceptions only: `// determinism-lint: allow <reason>` on the same line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export interface Finding {
  file: string;
  line: number;
  column: number;
  /** The forbidden call or import as written in the message, e.g. `Math.random()` or `import 'node:fs'`. */
  call: string;
  hint: string;
}

type TokenKind = 'ident' | 'punct' | 'string' | 'template' | 'number' | 'regex';

interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

/** Member calls that read ambient time or randomness: object -> property -> what to use instead. */
const MEMBERS: Record<string, Record<string, string>> = {
  Math: { random: 'use ctx.rng' },
  Date: { now: 'use ctx.wallNow() / ctx.monotonicNow()' },
  performance: { now: 'use ctx.monotonicNow()' },
  process: { hrtime: 'use ctx.monotonicNow()' },
  crypto: {
    getRandomValues: 'use ctx.rng',
    randomUUID: 'use ctx.rng',
    randomBytes: 'use ctx.rng',
  },
};

/** Bare identifiers (globals, or names imported from node modules). */
const BARE: Record<string, string> = {
  setTimeout: 'use ctx.setTimer() / ctx.sleep()',
  setInterval: 'use ctx.setTimer()',
  setImmediate: 'use ctx.setTimer(0)',
  getRandomValues: 'use ctx.rng',
  randomUUID: 'use ctx.rng',
  randomBytes: 'use ctx.rng',
  hrtime: 'use ctx.monotonicNow()',
};

/** Receivers that are the global object itself: `globalThis.setTimeout` is `setTimeout`. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global', 'self']);

const FORBIDDEN_MODULES = new Set(['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'tls', 'child_process', 'timers', 'timers/promises']);

/** After these keywords a `/` starts a regular expression, not a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

const ESCAPE = /determinism-lint:\s*allow\s+\S/;

const isIdStart = (c: string) => /[\p{ID_Start}$_]/u.test(c);
const isIdPart = (c: string) => /[\p{ID_Continue}$\u200c\u200d]/u.test(c);

/** Splits source into tokens; comments are returned separately as (line -> text) for the escape check. */
export function tokenize(source: string): { tokens: Token[]; comments: Map<number, string> } {
  const tokens: Token[] = [];
  const comments = new Map<number, string>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  /** Open braces: 'code' for `{`, 'template' for the `${` of a template literal. */
  const braces: ('code' | 'template')[] = [];
  const n = source.length;

  const addComment = (atLine: number, text: string) => comments.set(atLine, (comments.get(atLine) ?? '') + text);
  const newline = (at: number) => { line++; lineStart = at + 1; };
  const push = (kind: TokenKind, text: string, startLine: number, startCol: number) => {
    tokens.push({ kind, text, line: startLine, column: startCol });
  };

  /** Scans template text from i (just after ` or }) to the closing ` or the next ${. */
  const scanTemplate = (startLine: number, startCol: number) => {
    let text = '';
    while (i < n) {
      const c = source[i] as string;
      if (c === '\\') { text += source.slice(i, i + 2); if (source[i + 1] === '\n') newline(i + 1); i += 2; continue; }
      if (c === '`') { i++; push('template', text, startLine, startCol); return; }
      if (c === '$' && source[i + 1] === '{') { i += 2; braces.push('template'); push('template', text, startLine, startCol); return; }
      if (c === '\n') newline(i);
      text += c;
      i++;
    }
    push('template', text, startLine, startCol);
  };

  const regexAllowed = () => {
    const prev = tokens[tokens.length - 1];
    if (prev === undefined) return true;
    if (prev.kind === 'ident') return KEYWORDS_BEFORE_EXPRESSION.has(prev.text);
    if (prev.kind === 'number' || prev.kind === 'string' || prev.kind === 'regex') return false;
    if (prev.kind === 'template') return false;
    return !(prev.text === ')' || prev.text === ']' || prev.text === '}');
  };

  while (i < n) {
    const c = source[i] as string;
    const col = i - lineStart + 1;
    if (c === '\n') { newline(i); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff' || c === '\u00a0') { i++; continue; }
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      addComment(line, source.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      const text = source.slice(i, stop);
      let at = line;
      for (const part of text.split('\n')) addComment(at++, part);
      for (let k = i; k < stop; k++) if (source[k] === '\n') newline(k);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const startLine = line;
      let text = '';
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') {
          if (source[i + 1] === '\n') newline(i + 1);
          text += source.slice(i, i + 2);
          i += 2;
          continue;
        }
        text += source[i];
        i++;
      }
      i++;
      push('string', text, startLine, col);
      continue;
    }
    if (c === '`') {
      i++;
      scanTemplate(line, col);
      continue;
    }
    if (c === '{') { braces.push('code'); push('punct', c, line, col); i++; continue; }
    if (c === '}') {
      if (braces.pop() === 'template') { i++; scanTemplate(line, col); continue; }
      push('punct', c, line, col);
      i++;
      continue;
    }
    if (c === '/' && regexAllowed()) {
      const startLine = line;
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n') {
        const d = source[j];
        if (d === '\\') { j += 2; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      j++;
      while (j < n && isIdPart(source[j] as string)) j++;
      push('regex', source.slice(i, j), startLine, col);
      i = j;
      continue;
    }
    if (isIdStart(c) || (c === '#' && i + 1 < n && isIdStart(source[i + 1] as string))) {
      let j = i + 1;
      while (j < n && isIdPart(source[j] as string)) j++;
      push('ident', source.slice(i, j), line, col);
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[\w.]/.test(source[j] as string)) j++;
      push('number', source.slice(i, j), line, col);
      i = j;
      continue;
    }
    if (c === '.' && source[i + 1] === '.' && source[i + 2] === '.') { push('punct', '...', line, col); i += 3; continue; }
    // Optional chaining reads like member access: `Math?.random()` is `Math.random()`.
    if (c === '?' && source[i + 1] === '.' && !/[0-9]/.test(source[i + 2] ?? '')) { push('punct', '.', line, col); i += 2; continue; }
    push('punct', c, line, col);
    i++;
  }
  return { tokens, comments };
}

function isEscaped(comments: Map<number, string>, line: number): boolean {
  const text = comments.get(line);
  return text !== undefined && ESCAPE.test(text);
}

function moduleName(spec: string): string | null {
  const name = spec.startsWith('node:') ? spec.slice(5) : spec;
  return FORBIDDEN_MODULES.has(name) ? name : null;
}

/** Lints one source text. `file` only labels the findings. */
export function lintSource(source: string, file = '<source>'): Finding[] {
  const { tokens, comments } = tokenize(source);
  const findings: Finding[] = [];
  const report = (at: Token, call: string, hint: string) => {
    if (isEscaped(comments, at.line)) return;
    findings.push({ file, line: at.line, column: at.column, call, hint });
  };
  const t = (k: number): Token | undefined => tokens[k];
  const isPunct = (k: number, text: string) => t(k)?.kind === 'punct' && t(k)?.text === text;
  const isIdent = (k: number, text?: string) => t(k)?.kind === 'ident' && (text === undefined || t(k)?.text === text);
  /** Token k is reached without a receiver, or through the global object (`globalThis.X`). */
  const unqualified = (k: number) => !isPunct(k - 1, '.') || (isIdent(k - 2) && GLOBAL_OBJECTS.has(t(k - 2)?.text ?? '') && !isPunct(k - 3, '.'));

  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as Token;
    if (tok.kind === 'ident') {
      // X.y or X['y'] for the known ambient objects.
      const members = Object.hasOwn(MEMBERS, tok.text) ? MEMBERS[tok.text] : undefined;
      if (members !== undefined && unqualified(k)) {
        let prop: string | undefined;
        if (isPunct(k + 1, '.') && isIdent(k + 2)) prop = t(k + 2)?.text;
        else if (isPunct(k + 1, '[') && (t(k + 2)?.kind === 'string' || (t(k + 2)?.kind === 'template')) && isPunct(k + 3, ']')) prop = t(k + 2)?.text;
        if (prop !== undefined && Object.hasOwn(members, prop)) {
          report(tok, `${tok.text}.${prop}()`, members[prop] as string);
          continue;
        }
      }
      const objectKey = isPunct(k + 1, ':') && (isPunct(k - 1, '{') || isPunct(k - 1, ','));
      if (Object.hasOwn(BARE, tok.text) && unqualified(k) && !objectKey) {
        report(tok, `${tok.text}()`, BARE[tok.text] as string);
        continue;
      }
      if (tok.text === 'Date' && unqualified(k)) {
        if (isIdent(k - 1, 'new') && !(isPunct(k + 1, '(') && !isPunct(k + 2, ')'))) {
          report(t(k - 1) as Token, 'new Date()', 'use new Date(ctx.wallNow())');
          continue;
        }
        if (!isIdent(k - 1, 'new') && isPunct(k + 1, '(') && isPunct(k + 2, ')')) {
          report(tok, 'Date()', 'use new Date(ctx.wallNow())');
          continue;
        }
      }
      continue;
    }
    if (tok.kind === 'string' || tok.kind === 'template') {
      const name = moduleName(tok.text);
      if (name === null) continue;
      const isImport =
        isIdent(k - 1, 'from') || // import ... from 'fs' / export ... from 'fs'
        (isIdent(k - 1, 'import') && !isPunct(k - 2, '.')) || // import 'fs'
        (isPunct(k - 1, '(') && (isIdent(k - 2, 'import') || isIdent(k - 2, 'require'))); // import('fs') / require('fs')
      if (isImport) report(tok, `import '${tok.text}'`, 'models do no real I/O: use ctx.storage and ctx.send');
    }
  }
  return findings;
}

/** The files the lint covers under `root`: models, scenarios and the kernel models run on. */
export const LINT_ROOTS = ['models', 'scenarios', join('harness', 'sim')] as const;

export function collectTargets(root: string, roots: readonly string[] = LINT_ROOTS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (isLintable(name)) out.push(path);
    }
  };
  for (const r of roots) {
    const path = join(root, r);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir) walk(path);
    else if (isLintable(path)) out.push(path);
  }
  return out;
}

function isLintable(name: string): boolean {
  return /\.([mc]?[jt]s)$/.test(name) && !/\.test\.[mc]?[jt]s$/.test(name) && !name.endsWith('.d.ts');
}

/** The files named by paths (a folder stands for its lintable files); throws naming a path that does not exist. */
export function filesOf(paths: readonly string[]): string[] {
  return paths.flatMap((arg) => {
    const path = resolve(arg);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new Error(`no such file or folder: ${arg}`);
    }
    return isDir ? collectTargets(path, ['.']) : [path];
  });
}

export function lintFiles(files: readonly string[], base = process.cwd()): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const label = relative(base, file).split(sep).join('/') || file;
    findings.push(...lintSource(readFileSync(file, 'utf8'), label));
  }
  return findings;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}  ${f.call} is not deterministic (${f.hint})`;
}

export const LINT_ADVICE = `Models must use ctx.rng, ctx.wallNow()/monotonicNow(), ctx.setTimer() and ctx.storage. A reviewed exception
needs \`// determinism-lint: allow <reason>\` on the same line.`;
