import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configProblem, withDefaults } from './config-shape.js';

const DEFAULT = { nodes: ['r1', 'r2'], ttlMs: 500, ratio: 0.5, offset: -3, fencing: false, client: { thinkMs: [5, 40], mode: 'all' }, none: null };

test('the default fits its own shape; numbers and booleans may differ within their kind', () => {
  assert.is(configProblem(DEFAULT, DEFAULT), null);
  assert.is(configProblem({ ...DEFAULT, ttlMs: 900, ratio: 2, offset: -7, fencing: true, client: { thinkMs: [1, 2], mode: 'all' } }, DEFAULT), null);
});

test('each departure names the field path', () => {
  const cases: [unknown, string][] = [
    [{ ...DEFAULT, ttlMs: '500' }, 'config.ttlMs should be a positive integer, got "500"'],
    [{ ...DEFAULT, ttlMs: 1.5 }, 'config.ttlMs should be a positive integer, got 1.5'],
    [{ ...DEFAULT, ttlMs: Number.NaN }, 'config.ttlMs should be a positive integer, got NaN'],
    [{ ...DEFAULT, ratio: -1 }, 'config.ratio should be a positive number, got -1'],
    [{ ...DEFAULT, fencing: 0 }, 'config.fencing should be true or false, got 0'],
    [{ ...DEFAULT, nodes: ['r1', 'r9'] }, 'config.nodes[1] should be "r2" (this scenario\'s value), got "r9"'],
    [{ ...DEFAULT, nodes: ['r1'] }, 'config.nodes should be a list of 2, got a list of 1'],
    [{ ...DEFAULT, client: { thinkMs: [5, 'x'], mode: 'all' } }, 'config.client.thinkMs[1] should be a positive integer, got "x"'],
    [{ ...DEFAULT, client: { thinkMs: [5, 40], mode: 'one' } }, 'config.client.mode should be "all" (this scenario\'s value), got "one"'],
    [{ ...DEFAULT, client: 3 }, 'config.client should be an object, got 3'],
    [{ ...DEFAULT, extra: true }, "config.extra is not a field of this scenario's config"],
    [{ ...DEFAULT, none: 0 }, 'config.none should be null, got 0'],
    [[], 'config should be an object, got a list of 0'],
  ];
  for (const [value, expected] of cases) assert.is(configProblem(value, DEFAULT), expected);
});

test('fields a file lacks (written before an option existed) take the default, at any depth', () => {
  const old = { nodes: ['r1', 'r2'], ttlMs: 700, ratio: 0.5, offset: -3, client: { thinkMs: [5, 40] }, none: null };
  const filled = withDefaults(old, DEFAULT);
  assert.equal(filled, { ...DEFAULT, ttlMs: 700 });
  assert.is(configProblem(old, DEFAULT), 'config.fencing should be true or false, got nothing');
  assert.is(configProblem(filled, DEFAULT), null);
});

test.run();
