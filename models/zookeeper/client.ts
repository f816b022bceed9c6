/**
 * A client workload: compare-and-set on one znode, linearizable reads (sync, then getData) and plain reads.
 *
 * The znode's data is a register: values are unique, so "version v" and "data d" name the same state and
 * a versioned setData is a cas on the data. History ops (cas-register model, key = the path):
 * - `cas [from, to]`: a plain read (below) then setData(to, version) —
 *   ok: it matched; fail: BADVERSION (the compare failed); info: timeout or connection loss after submit.
 *   A create, when the read finds no znode, is `cas [null, 0]` (NODEEXISTS: the compare failed).
 * - `read`: sync then getData on the same server — ok with what it saw (a `ReadObservation`: the data
 *   and the znode's stat; `casRegisterView` in the scenarios projects it to the data).
 * - `write to`: a blind setData (version -1) — ok: done; fail: refused before it reached the leader
 *   (the server cannot serve) or NONODE; info: timeout or connection loss after submit.
 * - `plain-read`: getData alone. Stale reads are allowed, so it is not part of the linearizability check;
 *   the session-consistency checker holds it to ZooKeeper's per-session guarantees.
 * Every reply's zxid is recorded in the completion's value (`{ session, server, zxid, ... }`), which the
 * cas-register model ignores for cas. Acknowledged writes are also noted (`zk-ack`, with their zxid) for
 * the durability checker.
 *
 * Like ZooKeeper's client library, the client sends the last zxid it has seen with every request (on
 * connect, in real ZooKeeper); a server behind it refuses, so the session's view never goes back.
 */
import type { ReadObservation, WriteObservation, ClientContext, ClientWorkload, NodeId } from '../../harness/index.js';
import type { ClientOp, ClientReply, OpResult } from './messages.js';

export interface ZkClientConfig {
  path: string;
  timeoutMs: number;
  thinkMs: number;
  /** Share of operations that are reads. */
  readRatio: number;
  /** Share of those reads that are plain (no sync first). Default 0. */
  plainReadShare?: number;
  /**
   * Share of writes that are blind (setData with version -1, no read first). Default 0. They reach any
   * server, also one that has lost its quorum, which refuses them (a cas first reads, and stops there).
   */
  blindWriteShare?: number;
  /**
   * Send the last zxid seen with each request (default true). Off, a client that moves to a lagging
   * server can see time go backwards: only for showing what the session-consistency checker catches.
   */
  sendLastZxid?: boolean;
  /** The connect string: the servers this client talks to (default all of ctx.servers). */
  ensemble?: readonly NodeId[];
}

type Outcome = { kind: 'reply'; result: OpResult; zxid: number; server: NodeId } | { kind: 'lost'; submitted: boolean; server: NodeId };

export function zkCasClient(config: ZkClientConfig, clientNumber: number): ClientWorkload {
  return async (ctx: ClientContext) => {
    const servers = config.ensemble ?? ctx.servers;
    let server: NodeId = servers[clientNumber % servers.length] as NodeId;
    let counter = 0;
    let lastZxid = 0;
    const session = ctx.id;
    const request = async (op: ClientOp): Promise<Outcome> => {
      const to = server;
      const body = { type: 'zk-request', request: op, ...(config.sendLastZxid !== false ? { lastZxid } : {}) };
      const r = await ctx.call<ClientReply>(to, body, { timeoutMs: config.timeoutMs });
      if (r.status === 'ok' && r.body.type === 'zk-reply') {
        lastZxid = Math.max(lastZxid, r.body.zxid);
        return { kind: 'reply', result: r.body.result, zxid: r.body.zxid, server: to };
      }
      // Connection loss: try another server of the connect string next time.
      const others = servers.filter((id) => id !== server);
      server = others.length > 0 ? ctx.rng.pick(others) : server;
      return { kind: 'lost', submitted: r.status === 'timeout' || (r.body as { submitted?: boolean }).submitted === true, server: to };
    };
    const noteAck = (zxid: number, value: unknown) => ctx.note('zk-ack', { path: config.path, zxid, value });
    const seen = (got: Extract<Outcome, { kind: 'reply' }>): ReadObservation => {
      const stat = got.result.ok ? got.result.stat : undefined;
      return {
        session, server: got.server, zxid: got.zxid, data: got.result.ok ? got.result.data : null,
        mzxid: stat?.mzxid ?? null, version: stat?.version ?? null,
      };
    };
    const wrote = (got: Extract<Outcome, { kind: 'reply' }>): WriteObservation => ({ session, server: got.server, zxid: got.zxid });
    const lost = (got: Extract<Outcome, { kind: 'lost' }>) => ({ session, server: got.server });
    const plainShare = config.plainReadShare ?? 0;
    const blindShare = config.blindWriteShare ?? 0;

    while (!ctx.stopping) {
      await ctx.sleep(config.thinkMs * (0.5 + ctx.rng.next()));
      if (ctx.stopping) break;
      const draw = ctx.rng.next();
      if (draw < config.readRatio * plainShare) {
        const read = ctx.invoke('plain-read', null, config.path);
        const got = await request({ op: 'getData', path: config.path });
        if (got.kind === 'reply') read.ok(seen(got));
        else read.fail(lost(got));
        continue;
      }
      if (draw < config.readRatio) {
        const read = ctx.invoke('read', null, config.path);
        const synced = await request({ op: 'sync', path: config.path });
        const got = synced.kind === 'reply' ? await request({ op: 'getData', path: config.path }) : synced;
        if (got.kind === 'reply') read.ok(seen(got));
        else read.fail(lost(got));
        continue;
      }
      if (draw < config.readRatio + (1 - config.readRatio) * blindShare) {
        const to = (clientNumber + 1) * 1_000_000 + ++counter;
        const write = ctx.invoke('write', to, config.path);
        const set = await request({ op: 'setData', path: config.path, data: to, version: -1 });
        if (set.kind === 'lost') (set.submitted ? write.info : write.fail)(lost(set));
        else if (set.result.ok) {
          write.ok(wrote(set));
          noteAck(set.zxid, to);
        } else write.fail(wrote(set));
        continue;
      }
      // A plain read first: a server that cannot serve refuses here, before the write is invoked.
      const read = ctx.invoke('plain-read', null, config.path);
      const current = await request({ op: 'getData', path: config.path });
      if (current.kind !== 'reply') {
        read.fail(lost(current));
        continue;
      }
      read.ok(seen(current));
      if (!current.result.ok) {
        // No znode yet: create it. Only the first create can succeed (NODEEXISTS: the compare failed).
        const create = ctx.invoke('cas', [null, 0], config.path);
        const created = await request({ op: 'create', path: config.path, data: 0 });
        if (created.kind === 'lost') create.info(lost(created));
        else if (created.result.ok) {
          create.ok(wrote(created));
          noteAck(created.zxid, 0);
        } else create.fail(wrote(created));
        continue;
      }
      const from = current.result.data;
      const to = (clientNumber + 1) * 1_000_000 + ++counter;
      const cas = ctx.invoke('cas', [from, to], config.path);
      const set = await request({ op: 'setData', path: config.path, data: to, version: current.result.stat!.version });
      if (set.kind === 'lost') cas.info(lost(set));
      else if (set.result.ok) {
        cas.ok(wrote(set));
        noteAck(set.zxid, to);
      } else cas.fail(wrote(set));
    }
  };
}
