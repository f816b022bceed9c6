/**
 * The znode tree and its stat. Two steps, as in ZooKeeper's request pipeline: the leader *prepares* a
 * client request against the state that will exist once every outstanding proposal commits
 * (PrepRequestProcessor's outstanding changes), producing a fully resolved txn; every server *applies*
 * committed txns in zxid order (FinalRequestProcessor). Applying is deterministic, so equal logs give
 * equal trees.
 */
import type { ClientOp, ErrorCode, MultiOp, MultiResult, MultiTxnOp, OpResult, Stat, Txn, TxnOp } from './messages.js';

interface Znode {
  data: unknown;
  stat: Stat;
  children: Set<string>;
}

const ROOT = '/';

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? ROOT : path.slice(0, i);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function newStat(zxid: number, ephemeralOwner: number): Stat {
  return { czxid: zxid, mzxid: zxid, pzxid: zxid, version: 0, cversion: 0, ephemeralOwner, numChildren: 0 };
}

const fail = (code: ErrorCode): Extract<TxnOp, { type: 'error' }> => ({ type: 'error', code });

/** The ops of a multi that change the tree (check changes nothing). */
type TreeTxnOp = Extract<TxnOp, { type: 'create' | 'setData' | 'delete' }>;

const copyOf = (node: Znode): Znode => ({ data: node.data, stat: { ...node.stat }, children: new Set(node.children) });

export class DataTree {
  readonly #nodes = new Map<string, Znode>([[ROOT, { data: null, stat: newStat(0, 0), children: new Set() }]]);
  /** zxid of the last applied txn. */
  lastZxid = 0;
  /** Live sessions: id -> timeout (ms). Part of the replicated state, like ZooKeeper's session table. */
  readonly sessions = new Map<number, number>();

  get size(): number {
    return this.#nodes.size;
  }

  /** Turns a write request into a txn, validating it against this tree (the leader's prepared view). */
  prepare(op: ClientOp, sessionId: number): TxnOp {
    switch (op.op) {
      case 'create': {
        const parent = this.#nodes.get(parentOf(op.path));
        if (parent === undefined) return fail('NONODE');
        if (parent.stat.ephemeralOwner !== 0) return fail('NOCHILDRENFOREPHEMERALS');
        // Sequential nodes take the parent's cversion as their suffix, zero-padded to 10 digits.
        const path = op.sequential ? `${op.path}${String(parent.stat.cversion).padStart(10, '0')}` : op.path;
        if (this.#nodes.has(path)) return fail('NODEEXISTS');
        return { type: 'create', path, data: op.data, ephemeralOwner: op.ephemeral ? sessionId : 0 };
      }
      case 'setData': {
        const node = this.#nodes.get(op.path);
        if (node === undefined) return fail('NONODE');
        if (op.version !== -1 && op.version !== node.stat.version) return fail('BADVERSION');
        return { type: 'setData', path: op.path, data: op.data, version: node.stat.version + 1 };
      }
      case 'delete': {
        const node = this.#nodes.get(op.path);
        if (node === undefined) return fail('NONODE');
        if (op.version !== -1 && op.version !== node.stat.version) return fail('BADVERSION');
        if (node.children.size > 0) return fail('NOTEMPTY');
        return { type: 'delete', path: op.path };
      }
      case 'multi':
        return this.#prepareMulti(op.ops, sessionId);
      case 'sync':
        return { type: 'sync' };
      case 'createSession':
        return { type: 'createSession', timeoutMs: op.timeoutMs };
      case 'closeSession':
        return this.sessions.has(sessionId) ? { type: 'closeSession', sessionId } : fail('SESSIONEXPIRED');
      default:
        throw new Error(`prepare: ${op.op} is a read`);
    }
  }

  /**
   * PrepRequestProcessor's multi: each op is prepared against the tree as the earlier ones leave it (here
   * they are applied for the while, then the znodes they touched are put back: ZooKeeper's pending changes
   * rolled back). From the first op that fails on, the rest are RUNTIMEINCONSISTENCY.
   */
  #prepareMulti(ops: readonly MultiOp[], sessionId: number): TxnOp {
    const saved = new Map<string, Znode | undefined>();
    const lastZxid = this.lastZxid;
    const prepared: MultiTxnOp[] = [];
    for (const op of ops) {
      if (prepared.at(-1)?.type === 'error') {
        prepared.push(fail('RUNTIMEINCONSISTENCY'));
        continue;
      }
      const sub = op.op === 'check' ? this.#prepareCheck(op) : (this.prepare(op, sessionId) as TreeTxnOp | Extract<TxnOp, { type: 'error' }>);
      prepared.push(sub);
      if (sub.type === 'error' || sub.type === 'check') continue;
      for (const path of [sub.path, parentOf(sub.path)]) {
        if (saved.has(path)) continue;
        const node = this.#nodes.get(path);
        saved.set(path, node && copyOf(node));
      }
      this.#applyOne(sub, lastZxid);
    }
    for (const [path, node] of saved) {
      if (node === undefined) this.#nodes.delete(path);
      else this.#nodes.set(path, node);
    }
    return { type: 'multi', ops: prepared };
  }

  /** CheckVersionRequest: the znode exists and has the data version asked for (-1: any). */
  #prepareCheck(op: Extract<MultiOp, { op: 'check' }>): MultiTxnOp {
    const node = this.#nodes.get(op.path);
    if (node === undefined) return fail('NONODE');
    if (op.version !== -1 && op.version !== node.stat.version) return fail('BADVERSION');
    return { type: 'check', path: op.path, version: node.stat.version };
  }

  /** Applies a committed txn. Lenient like ZooKeeper's DataTree: a txn that no longer fits is a no-op. */
  apply(txn: Txn): OpResult {
    const { op, zxid } = txn;
    this.lastZxid = zxid;
    switch (op.type) {
      case 'create':
      case 'setData':
      case 'delete':
        return this.#applyOne(op, zxid);
      case 'multi':
        return this.#applyMulti(op.ops, zxid);
      case 'error':
        return { ok: false, code: op.code };
      case 'sync':
        return { ok: true };
      case 'createSession':
        this.sessions.set(zxid, op.timeoutMs);
        return { ok: true, sessionId: zxid };
      case 'closeSession':
        // Ephemerals die with their session (children before parents: they cannot have children).
        for (const path of this.ephemeralsOf(op.sessionId)) this.#applyOne({ type: 'delete', path }, zxid);
        this.sessions.delete(op.sessionId);
        return { ok: true };
    }
  }

  /**
   * DataTree.processTxn of a MultiTxn: a multi with an error op applies nothing (the ops before it report
   * OK as an error, the failing one its code, the rest RUNTIMEINCONSISTENCY); otherwise every op applies,
   * in order, at the multi's zxid.
   */
  #applyMulti(ops: readonly MultiTxnOp[], zxid: number): OpResult {
    const failedAt = ops.findIndex((op) => op.type === 'error');
    if (failedAt !== -1) {
      const results = ops.map((op, i): MultiResult => ({ op: 'error', code: i < failedAt ? 'OK' : op.type === 'error' ? op.code : 'RUNTIMEINCONSISTENCY' }));
      return { ok: false, code: (ops[failedAt] as { code: ErrorCode }).code, results };
    }
    let code: ErrorCode | null = null;
    const results = (ops as Exclude<MultiTxnOp, { type: 'error' }>[]).map((op): MultiResult => {
      if (op.type === 'check') return { op: 'check' };
      const r = this.#applyOne(op, zxid);
      if (!r.ok) {
        code ??= r.code; // lenient, as above: an op that no longer fits reports its error
        return { op: 'error', code: r.code };
      }
      if (op.type === 'create') return { op: 'create', path: op.path };
      return op.type === 'setData' ? { op: 'setData', stat: r.stat as Stat } : { op: 'delete' };
    });
    return code === null ? { ok: true, results } : { ok: false, code, results };
  }

  #applyOne(op: TreeTxnOp, zxid: number): OpResult {
    switch (op.type) {
      case 'create': {
        const parent = this.#nodes.get(parentOf(op.path));
        if (parent === undefined || this.#nodes.has(op.path)) return { ok: false, code: parent ? 'NODEEXISTS' : 'NONODE' };
        this.#nodes.set(op.path, { data: op.data, stat: newStat(zxid, op.ephemeralOwner), children: new Set() });
        parent.children.add(nameOf(op.path));
        parent.stat.cversion++;
        parent.stat.pzxid = zxid;
        parent.stat.numChildren = parent.children.size;
        return { ok: true, path: op.path };
      }
      case 'setData': {
        const node = this.#nodes.get(op.path);
        if (node === undefined) return { ok: false, code: 'NONODE' };
        node.data = op.data;
        node.stat.version = op.version;
        node.stat.mzxid = zxid;
        return { ok: true, stat: { ...node.stat } };
      }
      case 'delete': {
        const node = this.#nodes.get(op.path);
        if (node === undefined) return { ok: false, code: 'NONODE' };
        this.#nodes.delete(op.path);
        const parent = this.#nodes.get(parentOf(op.path));
        if (parent !== undefined) {
          parent.children.delete(nameOf(op.path));
          parent.stat.cversion++;
          parent.stat.pzxid = zxid;
          parent.stat.numChildren = parent.children.size;
        }
        return { ok: true };
      }
    }
  }

  /** Serves a read locally (possibly stale: the server may be behind the leader). */
  read(op: ClientOp): OpResult {
    if (op.op === 'ping') return { ok: true };
    if (!('path' in op)) throw new Error(`read: ${op.op} is a write`);
    const node = this.#nodes.get(op.path);
    switch (op.op) {
      case 'getData':
        return node ? { ok: true, data: node.data, stat: { ...node.stat } } : { ok: false, code: 'NONODE' };
      case 'exists':
        return node ? { ok: true, stat: { ...node.stat } } : { ok: false, code: 'NONODE' };
      case 'getChildren':
        return node ? { ok: true, children: [...node.children].sort(), stat: { ...node.stat } } : { ok: false, code: 'NONODE' };
      default:
        throw new Error(`read: ${op.op} is a write`);
    }
  }

  /** Paths of the ephemeral znodes a session owns (deleted when it closes or expires). */
  ephemeralsOf(sessionId: number): string[] {
    const out: string[] = [];
    for (const [path, node] of this.#nodes) if (node.stat.ephemeralOwner === sessionId) out.push(path);
    return out.sort();
  }

  get(path: string): { data: unknown; stat: Stat } | undefined {
    const node = this.#nodes.get(path);
    return node && { data: node.data, stat: { ...node.stat } };
  }
}

/** One line per txn, for logs, checkers and counterexamples. */
export function describeTxn(txn: Txn): string {
  return describeOp(txn.op);
}

function describeOp(op: TxnOp | MultiTxnOp): string {
  switch (op.type) {
    case 'create':
      return `create ${op.path}=${JSON.stringify(op.data)}${op.ephemeralOwner ? ` ephemeral(${op.ephemeralOwner})` : ''}`;
    case 'setData':
      return `setData ${op.path}=${JSON.stringify(op.data)} v${op.version}`;
    case 'delete':
      return `delete ${op.path}`;
    case 'error':
      return `error ${op.code}`;
    case 'sync':
      return 'sync';
    case 'createSession':
      return `createSession timeout ${op.timeoutMs} ms`;
    case 'closeSession':
      return `closeSession ${op.sessionId}`;
    case 'check':
      return `check ${op.path} v${op.version}`;
    case 'multi':
      return `multi [${op.ops.map(describeOp).join('; ')}]`;
  }
}
