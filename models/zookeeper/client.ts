/**
 * A client workload: compare-and-set on one znode, and linearizable reads (sync, then getData).
 *
 * The znode's data is a register: values are unique, so "version v" and "data d" name the same state and
 * a versioned setData is a cas on the data. History ops (cas-register model, key = the path):
 * - `cas [from, to]`: getData (not recorded: it may be stale) then setData(to, version) —
 *   ok: it matched; fail: BADVERSION (the compare failed); info: timeout or connection loss after submit.
 *   A create, when getData finds no znode, is `cas [null, 0]` (NODEEXISTS: the compare failed).
 * - `read`: sync then getData on the same server — ok with the data (null when the znode is absent).
 * Acknowledged writes are also noted (`zk-ack`, with their zxid) for the durability checker.
 */
import type { ClientContext, ClientWorkload, NodeId } from '../../harness/sim/types.js';
import type { ClientOp, ClientReply, OpResult } from './messages.js';

export interface ZkClientConfig {
  path: string;
  timeoutMs: number;
  thinkMs: number;
  /** Share of operations that are reads. */
  readRatio: number;
}

type Outcome = { kind: 'reply'; result: OpResult; zxid: number } | { kind: 'lost'; submitted: boolean };

export function zkCasClient(config: ZkClientConfig, clientNumber: number): ClientWorkload {
  return async (ctx: ClientContext) => {
    let server: NodeId = ctx.servers[clientNumber % ctx.servers.length] as NodeId;
    let counter = 0;
    const request = async (op: ClientOp): Promise<Outcome> => {
      const r = await ctx.call<ClientReply>(server, { type: 'zk-request', request: op }, { timeoutMs: config.timeoutMs });
      if (r.status === 'ok' && r.body.type === 'zk-reply') return { kind: 'reply', result: r.body.result, zxid: r.body.zxid };
      // Connection loss: try another server of the connect string next time.
      const others = ctx.servers.filter((id) => id !== server);
      server = others.length > 0 ? ctx.rng.pick(others) : server;
      return { kind: 'lost', submitted: r.status === 'timeout' || (r.body as { submitted?: boolean }).submitted === true };
    };
    const noteAck = (zxid: number, value: unknown) => ctx.note('zk-ack', { path: config.path, zxid, value });

    while (!ctx.stopping) {
      await ctx.sleep(config.thinkMs * (0.5 + ctx.rng.next()));
      if (ctx.stopping) break;
      if (ctx.rng.next() < config.readRatio) {
        const read = ctx.invoke('read', null, config.path);
        const synced = await request({ op: 'sync', path: config.path });
        const got = synced.kind === 'reply' ? await request({ op: 'getData', path: config.path }) : synced;
        if (got.kind === 'reply') read.ok(got.result.ok ? got.result.data : null);
        else read.fail();
        continue;
      }
      // Ask first (unrecorded): a server that cannot serve refuses here, before anything is invoked.
      const current = await request({ op: 'getData', path: config.path });
      if (current.kind !== 'reply') continue;
      if (!current.result.ok) {
        // No znode yet: create it. Only the first create can succeed (NODEEXISTS: the compare failed).
        const create = ctx.invoke('cas', [null, 0], config.path);
        const created = await request({ op: 'create', path: config.path, data: 0 });
        if (created.kind === 'lost') create.info();
        else if (created.result.ok) {
          create.ok();
          noteAck(created.zxid, 0);
        } else create.fail();
        continue;
      }
      const from = current.result.data;
      const to = (clientNumber + 1) * 1_000_000 + ++counter;
      const cas = ctx.invoke('cas', [from, to], config.path);
      const set = await request({ op: 'setData', path: config.path, data: to, version: current.result.stat!.version });
      if (set.kind === 'lost') cas.info();
      else if (set.result.ok) {
        cas.ok();
        noteAck(set.zxid, to);
      } else cas.fail();
    }
  };
}
