import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkUniqueIds, issuedIdLine, issuedIds, type IssuedId } from './unique-ids.js';

const id = (value: string, worker: number, ms: number, node = `g${worker}`): IssuedId => ({ id: value, worker, node, timeUs: ms * 1000 });

const cases: { name: string; ids: IssuedId[]; valid: boolean; duplicates?: number; decreases?: number }[] = [
  { name: 'nothing issued', ids: [], valid: true },
  { name: 'increasing per worker, interleaved workers', ids: [id('10', 1, 0), id('5', 2, 1), id('11', 1, 2), id('6', 2, 3)], valid: true },
  { name: 'beyond 2^53 compared exactly', ids: [id('9007199254740993', 1, 0), id('9007199254740994', 1, 1)], valid: true },
  { name: 'beyond 2^53, equal as numbers but distinct', ids: [id('9007199254740993', 1, 0), id('9007199254740992', 2, 1)], valid: true },
  { name: 'a duplicate across workers', ids: [id('10', 1, 0), id('10', 2, 1)], valid: false, duplicates: 1, decreases: 0 },
  { name: 'a decrease within a worker', ids: [id('10', 1, 0), id('9', 1, 1)], valid: false, duplicates: 0, decreases: 1 },
  { name: 'the same ID twice from one worker', ids: [id('10', 1, 0), id('10', 1, 1)], valid: false, duplicates: 1, decreases: 1 },
];

for (const c of cases) {
  test(`unique ids: ${c.name}`, () => {
    const r = checkUniqueIds(c.ids);
    assert.is(r.valid, c.valid, r.explanation);
    if (c.duplicates !== undefined) assert.equal([r.stats?.duplicates, r.stats?.decreases], [c.duplicates, c.decreases]);
  });
}

test('unique ids: read from log lines; the explanation names both issues', () => {
  const ids = issuedIds([
    { timeUs: 1000, node: 'g1', message: issuedIdLine('42', 1) },
    { timeUs: 1500, node: 'g1', message: 'other' },
    { timeUs: 2000, node: 'g1', message: issuedIdLine('42', 1) },
  ]);
  assert.is(ids.length, 2);
  assert.match(checkUniqueIds(ids).explanation, /42 issued by g1 at 1\.000 ms and again by g1 at 2\.000 ms/);
});

test.run();
