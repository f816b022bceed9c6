/**
 * The jute front end with node-zookeeper-client (1.1.3), unmodified, as a real process against three
 * JuteZkServer nodes: every request kind with its errors, watches fired before the reply that depends on
 * them, pings over idle session timeouts, the session resumed across server crashes, expired after a
 * pause; and what a malformed frame gets.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../harness/faults/compile.js';
import type { FaultSchedule } from '../../harness/faults/types.js';
import { realProcess } from '../../harness/real/index.js';
import { Simulation } from '../../harness/sim/simulation.js';
import type { ClientContext } from '../../harness/sim/types.js';
import { segment } from '../../harness/real/tcp-segment.js';
import { ZkAudit } from './audit.js';
import { zkConfig } from './config.js';
import { ZK_CLIENT_PORT, juteZkServer } from './jute-server.js';
import { ErrCode, JuteWriter } from './jute.js';

const ZK = ['zk1', 'zk2', 'zk3'];
const ms = (n: number) => n * 1000;

function ensemble(clients: { id: string; workload: (ctx: ClientContext) => Promise<void> }[], faults: FaultSchedule, seed = 1) {
  const factory = juteZkServer(zkConfig(), ZK, new ZkAudit(), { maxSessionTimeoutMs: 2000 });
  return new Simulation({
    seed, servers: ZK.map((id) => ({ id, factory })), clients, link: { latencyMs: 1, jitterMs: 0.5 },
    faults: compile(faults, { servers: ZK, clients: clients.map((c) => c.id) }),
  });
}

test('node-zookeeper-client: requests, errors, watches, pings, a session that survives crashes and expires in a pause', async () => {
  const crashes: FaultSchedule = ZK.flatMap((node, i) => [
    { at: ms(3600 + 800 * i), kind: 'crash' as const, node },
    { at: ms(3650 + 800 * i), kind: 'restart' as const, node },
  ]);
  const pause: FaultSchedule = [{ at: ms(6800), kind: 'pause', node: 'c1' }, { at: ms(9800), kind: 'resume', node: 'c1' }];
  const sim = ensemble([{
    id: 'c1',
    workload: realProcess(new URL('./fixtures/nzc-client.js', import.meta.url), {
      env: { ZK_SERVERS: ZK.map((s) => `${s}:${ZK_CLIENT_PORT}`).join(','), SESSION_TIMEOUT_MS: '1000', IDLE_MS: '3000', CRASHES_MS: '3200', PAUSE_MS: '4000' },
    }),
  }], [...crashes, ...pause]);
  await sim.run(15_000);
  assert.equal(sim.clientErrors, []);
  assert.equal(sim.notes.filter((n) => n.kind === 'failed'), []);
  const steps = sim.notes.filter((n) => n.kind === 'step').map((n) => [n.data['name'], n.data['value']]);
  assert.equal(steps, [
    ['session timeout', 1000],
    ['create', { ok: ['/app'] }],
    ['create exists', { error: ErrCode.NODEEXISTS }],
    ['create seq', { ok: ['/app/seq-0000000000'] }],
    ['create seq', { ok: ['/app/seq-0000000001'] }],
    ['create under ephemeral', { error: ErrCode.NOCHILDRENFOREPHEMERALS }],
    ['getData', { data: 'a', version: 0, dataLength: 1 }],
    ['setData v0', { version: 1, dataLength: 2 }],
    ['setData stale version', { error: ErrCode.BADVERSION }],
    ['getChildren', { children: ['seq-0000000000', 'seq-0000000001'], numChildren: 2 }],
    ['exists missing', { ok: [null] }],
    ['exists watched', { ephemeralOwner: true }],
    ['event', 'NODE_DELETED'], // before the delete's own reply
    ['delete', { ok: [] }],
    ['delete non-empty', { error: ErrCode.NOTEMPTY }],
    ['event', 'NODE_CREATED'],
    ['event', 'NODE_CHILDREN_CHANGED /app'],
    ['create watched', { ok: ['/app/later'] }],
    ['after idle', { same: true, children: ['later', 'seq-0000000001'] }],
    ['after crashes', { same: true, children: ['later', 'seq-0000000001'] }],
    // node-zookeeper-client goes from EXPIRED to CLOSED: later requests fail with CONNECTION_LOSS.
    ['after pause', ErrCode.CONNECTIONLOSS],
    ['expired code', ErrCode.SESSIONEXPIRED],
  ]);
  assert.ok((sim.coverage.get('zk:jute-session-resumed') ?? 0) >= 1, JSON.stringify([...sim.coverage]));
  assert.ok((sim.coverage.get('zk:jute-session-expired-on-connect') ?? 0) >= 1, JSON.stringify([...sim.coverage]));
  const states = sim.notes.filter((n) => n.kind === 'state').map((n) => n.data['name']);
  assert.equal(states, ['SYNC_CONNECTED', 'DISCONNECTED', 'SYNC_CONNECTED', 'DISCONNECTED', 'EXPIRED', 'DISCONNECTED']);
});

test('a frame longer than jute.maxbuffer closes the connection', async () => {
  const answers: { fin: boolean; rst: boolean; data: number }[] = [];
  const sim = ensemble([{
    id: 'c1',
    workload: async (ctx) => {
      await ctx.sleep(500);
      const send = async (fields: { syn: boolean; seq: number; ack: number; data: string; fin?: boolean }) => {
        const r = await ctx.call<ReturnType<typeof segment>>('zk1', segment({ conn: 'x', port: ZK_CLIENT_PORT, fin: false, rst: false, ...fields }), { timeoutMs: 50 });
        if (r.status === 'ok') answers.push({ fin: r.body.fin, rst: r.body.rst, data: r.body.data.length });
      };
      await send({ syn: true, seq: 0, ack: 0, data: '' });
      await send({ syn: false, seq: 0, ack: 0, data: new JuteWriter().int(0x100000).bytes().toString('latin1') });
    },
  }], []);
  await sim.run(2_000);
  assert.equal(answers, [{ fin: false, rst: false, data: 0 }, { fin: true, rst: false, data: 0 }]);
});

test.run();
