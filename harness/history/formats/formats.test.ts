import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { History, Op } from '../types.js';
import { JEPSEN_RULES } from '../completion-rules.js';
import { HistoryFormatError, UnprintableOpError } from './errors.js';
import { MAX_NESTING } from './edn-reader.js';
import { formats, parseEdnHistory, printEdnHistory, readEdnValue } from './index.js';

const types = fc.constantFrom<Op['type']>('invoke', 'ok', 'fail', 'info');
const mk = (rows: Omit<Op, 'index' | 'time'>[], timed = false): History => rows.map((r, index) => ({ ...r, index, time: timed ? index * 7 : index }));

const etcdOp = fc.oneof(
  fc.record({ process: fc.nat(40), type: types, f: fc.constant('read'), value: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }) }),
  fc.record({ process: fc.nat(40), type: types, f: fc.constant('write'), value: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ process: fc.nat(40), type: types, f: fc.constant('cas'), value: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })) }),
);
const str = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'x', '0', '1') });
const kvOp = fc.record({ process: fc.nat(60), type: types, f: fc.constantFrom('get', 'put', 'append'), key: str, value: fc.option(str, { nil: null }) });
const val: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.integer(), fc.string(), fc.array(tie('v'), { maxLength: 3 })),
})).v;
const genericOp = fc.record({ process: fc.nat(9), type: types, f: fc.constantFrom('read', 'write', 'add'), value: val }, { requiredKeys: ['process', 'type', 'f', 'value'] });

const cases: [string, fc.Arbitrary<History>][] = [
  ['porcupine-etcd', fc.array(etcdOp).map((r) => mk(r))],
  ['porcupine-kv', fc.array(kvOp).map((r) => mk(r))],
  ['edn', fc.array(genericOp).map((r) => mk(r, true))],
  ['jsonl', fc.array(genericOp).map((r) => mk(r, true))],
];
for (const [name, arb] of cases) {
  test(`${name}: parse(print(h)) equals h`, () => {
    const f = formats[name]!;
    fc.assert(fc.property(arb, (h) => assert.equal(f.parse(f.print(h), 'x'), h)), { numRuns: 150 });
  });
}

test('edn reader: maps over lines, any key order, nemesis skipped, sets, lists, nested maps', () => {
  const text = `[{:type :invoke, :f :write, :value 3, :process 0, :time 1000}\n {:process :nemesis, :type :info, :f :start, :value nil}\n {:value #{1 2}\n  :process 0 :type :ok :f :write :time 3000}\n ; comment\n {:process 1, :type :invoke, :f :txn, :value ({:a "s"} :kw), :time 4000}]`;
  const h = parseEdnHistory(text, 'h.edn');
  assert.is(h.length, 3);
  assert.equal(h[0], { index: 0, process: 0, type: 'invoke', f: 'write', value: 3, time: 1 });
  assert.equal(h[1]!.value, [1, 2]);
  assert.equal(h[2]!.value, [{ a: 's' }, 'kw']);
});

const bad: [string, string, number][] = [
  ['porcupine-etcd', 'INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - x\t:ok\t:read\t1\n', 2],
  ['porcupine-kv', '{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n\n{:process 0, :type :ok :f :get}\n', 3],
  ['edn', '{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0,\n :type :ok, :f :read, :value [1 2}\n', 3],
  ['jsonl', '{"process":0,"type":"invoke","f":"read","value":null}\n{"process":0,"type":"nope","f":"read"}\n', 2],
];
for (const [name, text, line] of bad) {
  test(`${name}: malformed input names file and line`, () => {
    try {
      formats[name]!.parse(text, 'hist.txt');
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, HistoryFormatError);
      assert.is((e as HistoryFormatError).line, line);
      assert.match((e as Error).message, `hist.txt:${line}:`);
    }
  });
}

test('each op comes with the line it starts on', () => {
  const edn = '; a comment\n[{:process 0, :type :invoke,\n  :f :read, :value nil}\n {:process :nemesis, :type :info, :f :start}\n\n {:process 0, :type :ok, :f :read, :value 1}]\n';
  const cases: [string, string, number[]][] = [
    ['edn', edn, [2, 6]],
    ['jsonl', '\n{"process":0,"type":"invoke","f":"read"}\n\n{"process":0,"type":"ok","f":"read","value":1}\n', [2, 4]],
    ['porcupine-etcd', 'INFO  jepsen.util - 1\t:invoke\t:read\tnil\n\nINFO  jepsen.util - 1\t:ok\t:read\t3\n', [1, 3]],
    ['porcupine-kv', '\n{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :get, :key "1", :value ""}\n', [2, 3]],
  ];
  for (const [name, text, want] of cases) {
    const lines: number[] = [];
    assert.is(formats[name]!.parse(text, 'x', lines).length, want.length, name);
    assert.equal(lines, want, name);
  }
});

test('Jepsen formats read completions by Jepsen rules, Porcupine formats as Porcupine does', () => {
  assert.is(formats.edn!.rules, JEPSEN_RULES);
  assert.is(formats.jsonl!.rules, JEPSEN_RULES);
  assert.is(formats['porcupine-etcd']!.rules.fail, 'observation');
  assert.is(formats['porcupine-kv']!.rules.nilReadIsUnknown, false);
});

test('edn: txn micro-ops print as Jepsen writes them (keywords) and read back the same', () => {
  const h: History = mk([{ process: 0, type: 'invoke', f: 'txn', value: [['read', 'x', null], ['write', 'y', 2], ['read', 3, null]] }], true);
  const text = printEdnHistory(h);
  assert.match(text, ':value [[:read :x nil] [:write :y 2] [:read 3 nil]]');
  assert.equal(parseEdnHistory(text), h);
});

test('printers refuse ops their format cannot hold, naming the op', () => {
  const cases: [string, History, RegExp][] = [
    ['porcupine-kv', mk([{ process: 0, type: 'invoke', f: 'add', value: 3 }]), /porcupine-kv cannot hold op 0: invoke add/],
    ['porcupine-kv', mk([{ process: 0, type: 'ok', f: 'get', key: 'k', value: 'a"b' }]), /cannot hold op 0/],
    ['porcupine-kv', mk([{ process: 0, type: 'ok', f: 'put', key: 'k', value: 'a\nb' }]), /cannot hold op 0/],
    ['porcupine-etcd', mk([{ process: 0, type: 'invoke', f: 'read', value: null }, { process: 0, type: 'ok', f: 'read', value: { data: 1 } }]), /porcupine-etcd cannot hold op 1: ok read \{"data":1\}/],
    ['porcupine-etcd', mk([{ process: 0, type: 'invoke', f: 'cas', value: 3 }]), /cannot hold op 0/],
  ];
  for (const [name, h, message] of cases) {
    try {
      formats[name]!.print(h);
      assert.unreachable(name);
    } catch (e) {
      assert.instance(e, UnprintableOpError);
      assert.match((e as Error).message, message);
    }
  }
});

test('edn: one vector holds a whole history only when it is the only top-level form', () => {
  const op = '{:process 0, :type :invoke, :f :read, :value nil}';
  assert.is(parseEdnHistory(`[${op}\n${op}]`).length, 2);
  assert.is(parseEdnHistory(`(${op})`).length, 1);
  const cases: [string, number][] = [
    [`${op}\n[${op}]`, 2], // a map, then a vector: the vector is not an op
    [`[${op}]\n${op}`, 1], // a vector, then a map
    [`[${op}]\n[${op}]`, 1], // two vectors
    [`[]\n${op}`, 1], // an empty vector, then a map
    [`${op}\n42`, 2], // not a map
  ];
  for (const [text, line] of cases) {
    try {
      parseEdnHistory(text, 'h.edn');
      assert.unreachable(text);
    } catch (e) {
      assert.instance(e, HistoryFormatError);
      assert.is((e as HistoryFormatError).line, line, text);
      assert.match((e as Error).message, 'expected an operation map');
    }
  }
});

test('edn: numbers, strings and keywords read as written, escapes and discarded forms included', () => {
  const text = '{:process 0, :type :invoke, :f :write, :value [-7 +3 12N 1.5 -2e3 4.25M "a\\"b\\nc" "plain" :kw sym true false nil #_ 99 #inst "2020"]}';
  assert.equal(parseEdnHistory(text)[0]!.value, [-7, 3, 12, 1.5, -2000, 4.25, 'a"b\nc', 'plain', 'kw', 'sym', true, false, null, '2020']);
  assert.throws(() => parseEdnHistory('{:process 0, :type :invoke, :f :write, :value 1x2}'), /bad number 1x2/);
  assert.throws(() => parseEdnHistory('{:process 0, :type :invoke, :f :write, :value "open}'), /unterminated string/);
});

test('edn: string escapes as Clojure prints them (\\b, \\f too); \\u takes exactly four hex digits', () => {
  const value = (s: string): unknown => parseEdnHistory(`{:process 0, :type :invoke, :f :write, :value "${s}"}`)[0]!.value;
  assert.is(value('a\\bb\\fc\\u00e9\\t'), 'a\bb\fc\u00e9\t');
  for (const bad of ['\\uZZZZ', '\\u12"', '\\u-1ab', '\\a']) assert.throws(() => value(bad), /bad string escape/, bad);
  // Our own printer writes strings as JSON does, control characters escaped.
  const h: History = [{ index: 0, process: 0, type: 'invoke', f: 'write', value: 'x\b\f\u0001\ny', time: 0 }];
  assert.equal(parseEdnHistory(printEdnHistory(h)), h);
});

test('edn: any whitespace ends a token (a no-break space, a BOM): it is never part of a keyword or symbol', () => {
  for (const [space, code] of [['\u00a0', 'U+00A0'], ['\u2028', 'U+2028'], ['\u3000', 'U+3000'], ['\ufeff', 'U+FEFF']]) {
    const error = (text: string): string => {
      try {
        parseEdnHistory(text, 'h.edn');
      } catch (e) {
        return (e as Error).message;
      }
      return 'read';
    };
    assert.is(error(`{:process 0, :type :invoke, :f :read${space}, :value nil}`), `h.edn:1: unexpected character ${code}`);
    assert.is(error(`${space}{:process 0, :type :invoke, :f :read, :value nil}`), `h.edn:1: unexpected character ${code}`);
  }
});

test('edn: reading strings takes time linear in the text (no scan past a string for an escape)', () => {
  // Many short strings and no backslash anywhere: a scan to the end of the text per string is quadratic.
  const ops = (value: (i: number) => string): string => Array.from({ length: 60_000 }, (_, i) => `{:process ${i % 5}, :type :ok, :f :w, :value ${value(i)}}`).join('\n');
  const fastest = (text: string): number => Math.min(...[1, 2, 3].map(() => {
    const started = performance.now();
    parseEdnHistory(text);
    return performance.now() - started;
  }));
  const numbers = fastest(ops((i) => `${i}000`));
  const strings = fastest(ops((i) => `"${i}00"`));
  assert.ok(strings < 4 * numbers + 50, `strings ${strings.toFixed(0)} ms, numbers ${numbers.toFixed(0)} ms`);
});

test('edn: a history read from a text does not keep the text alive (a long name or string is copied out of it)', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heap = (): number => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = heap();
  // 40 MB of text; V8 makes a slice of 13 characters or more a view into the string it was cut from.
  let text: string | undefined = `{:process 0, :type :invoke, :f :compare-and-set, :key :a-long-register-name, :value ["a string of 26 characters" a-long-symbol-name]}\n`.padEnd(40_000_000, ' ');
  const history = parseEdnHistory(text);
  text = undefined;
  const kept = heap() - before;
  assert.equal(history[0]!.value, ['a string of 26 characters', 'a-long-symbol-name']);
  assert.ok(kept < 10_000_000, `${(kept / 1e6).toFixed(1)} MB kept`);
});

test('edn: collections nested too deep are refused with their line, not a stack overflow', () => {
  const deep = (n: number) => `{:process 0, :type :invoke, :f :write,\n :value ${'['.repeat(n)}1${']'.repeat(n)}}`;
  assert.equal(parseEdnHistory(deep(MAX_NESTING - 1))[0]!.f, 'write');
  for (const n of [MAX_NESTING + 1, 200_000]) {
    try {
      parseEdnHistory(deep(n), 'deep.edn');
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, HistoryFormatError);
      assert.match((e as Error).message, `deep.edn:2: collections nested more than ${MAX_NESTING} deep`);
    }
  }
});

test('readEdnValue: one EDN value as history values read (keywords become names)', () => {
  assert.equal(readEdnValue('{:x 0, :y [1 :a]}'), { x: 0, y: [1, 'a'] });
  assert.is(readEdnValue('nil'), null);
  assert.throws(() => readEdnValue('1 2'), /more than one value/);
  assert.throws(() => readEdnValue('[1'), /unclosed/);
});

test.run();
