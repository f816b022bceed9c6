/**
 * The znode tree and its stat. Two steps, as in ZooKeeper's request pipeline: the leader *prepares* a
 * client request against the state that will exist once every outstanding proposal commits
 * (PrepRequestProcessor's outstanding changes), producing a fully resolved txn; every server *applies*
 * committed txns in zxid order (FinalRequestProcessor). Applying is deterministic, so equal logs give
 * equal trees.
 */
import type { ClientOp, ErrorCode, OpResult, Stat, Txn, TxnOp } from './messages.js';

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

const fail = (code: ErrorCode): TxnOp => ({ type: 'error', code });

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

  /** Applies a committed txn. Lenient like ZooKeeper's DataTree: a txn that no longer fits is a no-op. */
  apply(txn: Txn): OpResult {
    const { op, zxid } = txn;
    this.lastZxid = zxid;
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
      case 'error':
        return { ok: false, code: op.code };
      case 'sync':
        return { ok: true };
      case 'createSession':
        this.sessions.set(zxid, op.timeoutMs);
        return { ok: true, sessionId: zxid };
      case 'closeSession':
        // Ephemerals die with their session (children before parents: they cannot have children).
        for (const path of this.ephemeralsOf(op.sessionId)) this.apply({ zxid, op: { type: 'delete', path }, origin: null });
        this.sessions.delete(op.sessionId);
        return { ok: true };
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
  const op = txn.op;
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
  }
}
