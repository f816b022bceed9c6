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
import { ErrCode, FrameReader, JuteReader, JuteWriter, OpCode, readConnectResponse, writeConnectRequest } from './jute.js';

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
    ['pipelined', { version: 2, read: 'ccc' }],
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

/** A raw jute client over simulated TCP: one connection per call of `connect`, frames in, frames out. */
function rawClient(ctx: ClientContext, server: string, conn: string) {
  let seq = 0;
  let ack = 0;
  const send = async (data: string, syn = false) => {
    const r = await ctx.call<ReturnType<typeof segment>>(server, segment({ conn, port: ZK_CLIENT_PORT, syn, fin: false, rst: false, seq, ack, data }), { timeoutMs: 50 });
    seq += data.length;
    if (r.status !== 'ok') return null;
    ack = r.body.seq + r.body.data.length + (r.body.fin ? 1 : 0);
    return r.body;
  };
  /** Sends a frame and collects the answer's bytes until a whole frame is in (later segments fetch what the server holds back). */
  const request = async (frame: string) => {
    const frames = new FrameReader();
    let fin = false;
    for (let i = 0, data = frame; i < 40; i++, data = '') {
      const r = await send(data);
      frames.push(Buffer.from(r?.data ?? '', 'latin1'));
      fin ||= r?.fin ?? false;
      const body = frames.next();
      if (body !== null) return { body, fin: fin || (await send(''))?.fin === true };
      await ctx.sleep(5);
    }
    throw new Error('no answer');
  };
  return { open: () => send('', true), send, request };
}

test('node-zookeeper-client transactions: a multi commits at one zxid with every result, a failing one applies nothing', async () => {
  const run = async (seed: number) => {
    const sim = ensemble([{
      id: 'c1',
      workload: realProcess(new URL('./fixtures/nzc-multi.js', import.meta.url), { env: { ZK_SERVERS: ZK.map((s) => `${s}:${ZK_CLIENT_PORT}`).join(',') } }),
    }], [], seed);
    await sim.run(3_000);
    return sim;
  };
  const sim = await run(1);
  assert.equal(sim.clientErrors, []);
  assert.equal(sim.notes.filter((n) => n.kind === 'failed'), []);
  const steps = sim.notes.filter((n) => n.kind === 'step').map((n) => [n.data['name'], n.data['value']]);
  const inconsistent = [OpCode.error, ErrCode.RUNTIMEINCONSISTENCY];
  const ok = [OpCode.error, ErrCode.OK];
  assert.equal(steps, [
    // The watches fire in the multi's op order (create, then setData), before its reply.
    ['event', 'NODE_CHILDREN_CHANGED /m'],
    ['event', 'NODE_DATA_CHANGED /m'],
    ['commit', [
      { type: OpCode.create, path: '/m/a' },
      { type: OpCode.create, path: '/m/s-0000000002' }, // the parent's cversion after /m/old and /m/a
      { type: OpCode.create, path: '/m/s-0000000003' },
      { type: OpCode.setData, version: 2, dataLength: 2 },
      { type: OpCode.check },
      { type: OpCode.delete },
    ]],
    ['one zxid', { zxids: 1, ephemeral: true }],
    ['after commit', { children: ['a', 's-0000000002', 's-0000000003'], data: 'm2' }],
    ['bad version', { error: ErrCode.BADVERSION, results: [ok, [OpCode.error, ErrCode.BADVERSION], inconsistent] }],
    ['node exists', { error: ErrCode.NODEEXISTS, results: [ok, ok, [OpCode.error, ErrCode.NODEEXISTS]] }],
    ['no node', { error: ErrCode.NONODE, results: [[OpCode.error, ErrCode.NONODE], inconsistent] }],
    ['check version', { error: ErrCode.BADVERSION, results: [ok, [OpCode.error, ErrCode.BADVERSION]] }],
    ['container', ErrCode.BADARGUMENTS],
    ['after failures', { children: ['a', 's-0000000002', 's-0000000003'], version: 2 }],
  ]);
  assert.is((await run(1)).traceHash(), sim.traceHash());
  assert.not.equal((await run(2)).traceHash(), sim.traceHash());
});

test('connect: the timeout is negotiated into the bounds; a resume needs the session password', async () => {
  const answers: { timeOut: number; sameSession: boolean; fin: boolean }[] = [];
  const sim = ensemble([{
    id: 'c1',
    workload: async (ctx) => {
      await ctx.sleep(500);
      const connect = async (conn: string, timeOut: number, sessionId: number, passwd: Buffer) => {
        const c = rawClient(ctx, 'zk1', conn);
        await c.open();
        const r = await c.request(writeConnectRequest(new JuteWriter(), { protocolVersion: 0, lastZxidSeen: 0, timeOut, sessionId, passwd, readOnly: false }).frame().toString('latin1'));
        return { response: readConnectResponse(new JuteReader(r.body)), fin: r.fin };
      };
      const short = await connect('a', 5, 0, Buffer.alloc(16));
      answers.push({ timeOut: short.response.timeOut, sameSession: false, fin: false });
      const first = await connect('b', 100_000, 0, Buffer.alloc(16));
      answers.push({ timeOut: first.response.timeOut, sameSession: first.response.sessionId === short.response.sessionId, fin: first.fin });
      const wrong = await connect('c', 20, first.response.sessionId, Buffer.alloc(16, 1));
      answers.push({ timeOut: wrong.response.timeOut, sameSession: wrong.response.sessionId === first.response.sessionId, fin: wrong.fin });
      const right = await connect('d', 20, first.response.sessionId, first.response.passwd);
      answers.push({ timeOut: right.response.timeOut, sameSession: right.response.sessionId === first.response.sessionId, fin: right.fin });
    },
  }], []);
  await sim.run(2_000);
  assert.equal(sim.clientErrors, []);
  assert.equal(answers, [
    { timeOut: 20, sameSession: false, fin: false }, // 2 ticks of 10 ms at least
    { timeOut: 2000, sameSession: false, fin: false }, // maxSessionTimeoutMs
    { timeOut: 0, sameSession: false, fin: true }, // wrong password: answered as expired, and closed
    { timeOut: 2000, sameSession: true, fin: false }, // the session's own timeout
  ]);
});

test('a server cut off from its quorum closes its clients\' connections and accepts no new session', async () => {
  const seen: { connectedTimeOut: number; closedAfterPartition: boolean; refused: { body: number; fin: boolean } }[] = [];
  const isolate: FaultSchedule = [{ at: ms(500), kind: 'partition', shape: 'custom', nodes: ['zk3'], grudge: { zk3: ['zk1', 'zk2'], zk1: ['zk3'], zk2: ['zk3'] } }];
  const sim = ensemble([{
    id: 'c1',
    workload: async (ctx) => {
      await ctx.sleep(100);
      const connect = writeConnectRequest(new JuteWriter(), { protocolVersion: 0, lastZxidSeen: 0, timeOut: 2000, sessionId: 0, passwd: Buffer.alloc(16), readOnly: false }).frame().toString('latin1');
      const before = rawClient(ctx, 'zk3', 'a');
      await before.open();
      const response = readConnectResponse(new JuteReader((await before.request(connect)).body));
      let closed = false;
      for (let i = 0; i < 40 && !closed; i++) {
        await ctx.sleep(20);
        closed = (await before.send(''))?.fin === true;
      }
      const after = rawClient(ctx, 'zk3', 'b');
      await after.open();
      const first = await after.send(connect);
      let fin = first?.fin === true;
      let body = first?.data.length ?? 0;
      for (let i = 0; i < 10 && !fin; i++) {
        await ctx.sleep(20);
        const r = await after.send('');
        fin = r?.fin === true;
        body += r?.data.length ?? 0;
      }
      seen.push({ connectedTimeOut: response.timeOut, closedAfterPartition: closed && ctx.trueNow() > 500, refused: { body, fin } });
    },
  }], isolate);
  await sim.run(3_000);
  assert.equal(sim.clientErrors, []);
  assert.equal(seen, [{ connectedTimeOut: 2000, closedAfterPartition: true, refused: { body: 0, fin: true } }]);
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
