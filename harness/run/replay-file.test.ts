import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeReplay, encodeReplay, readReplayFile, ReplayFileError, writeReplayFile, type ReplayFile } from './replay-file.js';
import { scratchDir } from '../testing/scratch.test-util.js';

const VALID: ReplayFile = {
  format: 'faultline-replay', version: 1, faultlineVersion: '0.1.0', scenario: 'examples/primary-backup',
  config: { heartbeatMs: 20, failoverAfterMs: 100 }, seed: 3,
  schedule: [{ at: 0, kind: 'pause', node: 'n4' }, { at: 100_001, kind: 'resume', node: 'n4' }] as ReplayFile['schedule'],
  traceHash: '0123456789abcdef', verdict: 'violation', expected: 'violation',
  checks: [{ checker: 'acknowledged adds survive', valid: false, explanation: '20 missing' }], shrunk: true,
};

/** Decoding either returns a replay or throws a ReplayFileError: never anything else. */
function decodesCleanly(bytes: Uint8Array): boolean {
  try {
    decodeReplay(bytes, 'fuzz.replay');
    return true;
  } catch (e) {
    if (!(e instanceof ReplayFileError)) throw e;
    assert.ok(e.message.startsWith('fuzz.replay: '), e.message);
    return false;
  }
}

test('round-trips through msgpack and a file', () => {
  assert.equal(decodeReplay(encodeReplay(VALID)), VALID);
  const dir = scratchDir('faultline-replay-');
  writeReplayFile(join(dir, 'a', 'x.replay'), VALID);
  assert.equal(readReplayFile(join(dir, 'a', 'x.replay')), VALID);
});

test('clear errors naming the file: missing, empty, directory, wrong version, wrong tag, wrong fields', () => {
  const dir = scratchDir('faultline-replay-');
  const cases: [string, Uint8Array | null, RegExp][] = [
    ['missing.replay', null, /missing\.replay: no such file/],
    ['empty.replay', new Uint8Array(), /empty file/],
    ['v2.replay', encodeReplay({ ...VALID, version: 2 as 1 }), /version 2 is not supported.*reads version 1/],
    ['json.replay', new TextEncoder().encode('{"format":"faultline-replay"}'), /not a faultline replay file|corrupt/],
    ['other.replay', new Packr({ useRecords: false }).pack({ hello: 'world' }), /not a faultline replay file/],
    ['seed.replay', encodeReplay({ ...VALID, seed: 'x' as unknown as number }), /field "seed"/],
  ];
  for (const [name, bytes, expected] of cases) {
    if (bytes !== null) writeFileSync(join(dir, name), bytes);
    assert.throws(() => readReplayFile(join(dir, name)), (e: unknown) => e instanceof ReplayFileError && expected.test(e.message) && e.message.includes(name));
  }
  assert.throws(() => readReplayFile(dir), /is a directory/);
});

test('fuzz: random bytes never crash the reader', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    decodesCleanly(bytes);
  }), { numRuns: 2000, seed: 1 });
});

test('fuzz: every truncation of a valid file is rejected cleanly', () => {
  const bytes = encodeReplay(VALID);
  for (let n = 0; n < bytes.length; n++) assert.not.ok(decodesCleanly(bytes.subarray(0, n)), `truncated to ${n} bytes`);
});

test('fuzz: valid msgpack of the wrong shape is rejected cleanly', () => {
  const packr = new Packr({ useRecords: false });
  fc.assert(fc.property(fc.anything({ withMap: false, withSet: false, withBigInt: false }), (value) => {
    let bytes: Uint8Array;
    try {
      bytes = packr.pack(value);
    } catch {
      return;
    }
    decodesCleanly(bytes);
  }), { numRuns: 500, seed: 2 });
  // Right tag and version, any other field mangled.
  const fields = Object.keys(VALID).filter((k) => k !== 'format' && k !== 'version' && k !== 'config');
  fc.assert(fc.property(fc.constantFrom(...fields), fc.anything(), (field, junk) => {
    const mangled = { ...VALID, [field]: junk };
    let bytes: Uint8Array;
    try {
      bytes = packr.pack(mangled);
    } catch {
      return;
    }
    decodesCleanly(bytes);
  }), { numRuns: 500, seed: 3 });
});

test.run();
