/**
 * RESP commands onto the Redis model: the connection commands client libraries send on connect (HELLO,
 * CLIENT SETNAME / SETINFO, SELECT 0, INFO for the ready check, PING, QUIT), the data commands the model
 * has (SET with NX / PX / EX, GET, DEL, EXISTS, PEXPIRE, INCR, KEYS prefix*), and EVAL / EVALSHA /
 * SCRIPT of the scripts in scripts.ts. Anything else gets Redis's own error reply.
 */
import type { Envelope, NodeContext, NodeId } from '../../harness/index.js';
import type { DataCommand, RedisReply } from './commands.js';
import { OK, bulk, errorReply, int, status, type RespReply } from './resp.js';
import { KNOWN_SCRIPTS, knownScriptNames, scriptSha, type KnownScript } from './scripts.js';
import type { RedisServer } from './server.js';

export interface RespSession {
  readonly id: number;
  readonly client: NodeId;
  protocol: 2 | 3;
  name: string | null;
  /** QUIT (or a protocol error): close after this reply. */
  closing: boolean;
}

/** The server as the commands need it: the model plus the node's script cache. */
export interface RespNode extends RedisServer {
  readonly scripts: Map<string, string>;
}

/** The version the model answers as: the commands here behave as in Redis 7.2. */
const VERSION = '7.2.4';
/** Commands Redis serves while loading its dataset (the CMD_LOADING flag); everything else gets LOADING. */
const WHILE_LOADING = new Set(['hello', 'ping', 'info', 'client', 'select', 'quit', 'echo']);

const wrongArity = (name: string) => errorReply(`ERR wrong number of arguments for '${name}' command`);
const SYNTAX = errorReply('ERR syntax error');
const NOT_INTEGER = errorReply('ERR value is not an integer or out of range');

export function respCommand(node: RespNode, ctx: NodeContext, msg: Envelope, session: RespSession, args: string[]): RespReply {
  const name = (args[0] ?? '').toLowerCase();
  const rest = args.slice(1);
  if (!WHILE_LOADING.has(name)) {
    const refused = node.refusal(ctx, { cmd: 'ping' });
    if (refused !== null) return modelReply(refused);
  }
  switch (name) {
    case 'hello': return hello(session, rest);
    case 'ping': return rest.length === 0 ? status('PONG') : rest.length === 1 ? bulk(rest[0] as string) : wrongArity('ping');
    case 'echo': return rest.length === 1 ? bulk(rest[0] as string) : wrongArity('echo');
    case 'quit':
      session.closing = true;
      return OK;
    case 'select':
      if (rest.length !== 1) return wrongArity('select');
      // The model keeps one keyspace: database 0.
      return rest[0] === '0' ? OK : errorReply('ERR DB index is out of range');
    case 'client': return client(session, rest);
    case 'info': return bulk(info(node, ctx));
    case 'set': return set(node, ctx, msg, rest);
    case 'get': return rest.length === 1 ? run(node, ctx, msg, { cmd: 'get', key: rest[0] as string }) : wrongArity('get');
    case 'del': return rest.length === 0 ? wrongArity('del') : sum(node, ctx, msg, rest.map((key) => ({ cmd: 'del', key })));
    case 'exists': return rest.length === 0 ? wrongArity('exists') : int(rest.filter((key) => value(node, ctx, msg, key) !== null).length);
    case 'pexpire': {
      if (rest.length !== 2) return wrongArity('pexpire');
      const px = integer(rest[1] as string);
      return px === null ? NOT_INTEGER : run(node, ctx, msg, { cmd: 'pexpire', key: rest[0] as string, px });
    }
    case 'incr': return rest.length === 1 ? run(node, ctx, msg, { cmd: 'incr', key: rest[0] as string }) : wrongArity('incr');
    case 'keys': {
      if (rest.length !== 1) return wrongArity('keys');
      const pattern = rest[0] as string;
      const star = pattern.indexOf('*');
      if (star !== pattern.length - 1 || /[?[\\]/.test(pattern)) return errorReply(`ERR faultline's Redis model matches KEYS patterns of the form prefix* only, not '${pattern}'`);
      const r = node.handle(ctx, { cmd: 'keys', prefix: pattern.slice(0, -1) }, msg) as RedisReply;
      if (r.type === 'redis-error') return modelReply(r);
      const names = String(r.result);
      return { kind: 'array', items: names === '' ? [] : names.split(' ').map((k) => bulk(k)) };
    }
    case 'eval': return evalScript(node, ctx, msg, rest[0], rest.slice(1), true);
    case 'evalsha': return evalScript(node, ctx, msg, rest[0], rest.slice(1), false);
    case 'script': return script(node, rest);
    default:
      return errorReply(`ERR unknown command '${args[0] ?? ''}', with args beginning with: ${rest.slice(0, 20).map((a) => `'${a}' `).join('')}`);
  }
}

function hello(session: RespSession, rest: string[]): RespReply {
  if (rest.length > 0) {
    const version = integer(rest[0] as string);
    if (version !== 2 && version !== 3) return errorReply('NOPROTO unsupported protocol version');
    for (let i = 1; i < rest.length; i++) {
      const option = (rest[i] as string).toLowerCase();
      if (option === 'setname' && i + 1 < rest.length) session.name = rest[++i] as string;
      else if (option === 'auth' && i + 2 < rest.length) i += 2; // the model has no ACLs: every user is default
      else return errorReply(`ERR Syntax error in HELLO option '${rest[i] as string}'`);
    }
    session.protocol = version;
  }
  return {
    kind: 'map',
    entries: [
      [bulk('server'), bulk('redis')], [bulk('version'), bulk(VERSION)], [bulk('proto'), int(session.protocol)],
      [bulk('id'), int(session.id)], [bulk('mode'), bulk('standalone')], [bulk('role'), bulk('master')],
      [bulk('modules'), { kind: 'array', items: [] }],
    ],
  };
}

function client(session: RespSession, rest: string[]): RespReply {
  const sub = (rest[0] ?? '').toLowerCase();
  switch (sub) {
    case 'setname':
      if (rest.length !== 2) return wrongArity('client|setname');
      session.name = rest[1] === '' ? null : (rest[1] as string);
      return OK;
    case 'getname': return bulk(session.name);
    case 'id': return int(session.id);
    // LIB-NAME / LIB-VER are recorded by Redis for CLIENT LIST only.
    case 'setinfo': return rest.length === 3 ? OK : wrongArity('client|setinfo');
    default: return errorReply(`ERR unknown subcommand '${rest[0] ?? ''}'. Try CLIENT HELP.`);
  }
}

/** INFO: the fields clients read (ioredis's ready check reads `loading`; a replica would say role:slave). */
function info(node: RedisServer, ctx: NodeContext): string {
  const loading = ctx.monotonicNow() < node.loadingUntilMonoMs;
  // A delayed restart seen by a client's ready check (ioredis waits loading_eta_seconds before any command).
  if (loading) ctx.cover('redis-loading-reported');
  const lines = [
    '# Server', `redis_version:${VERSION}`, 'redis_mode:standalone', `uptime_in_seconds:${Math.floor((ctx.monotonicNow() - node.bootMonoMs) / 1000)}`, '',
    '# Persistence', `loading:${loading ? 1 : 0}`,
    ...(loading ? [`loading_eta_seconds:${Math.ceil((node.loadingUntilMonoMs - ctx.monotonicNow()) / 1000)}`] : []),
    `aof_enabled:${node.config.persistence === 'none' ? 0 : 1}`, '',
    '# Replication', 'role:master', 'connected_slaves:0', '',
    '# Keyspace', ...(node.keyspace.size > 0 ? [`db0:keys=${node.keyspace.size},expires=0,avg_ttl=0`] : []),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** SET key value [NX] [PX ms | EX s]; XX, KEEPTTL, GET and the absolute forms are not in the model. */
function set(node: RedisServer, ctx: NodeContext, msg: Envelope, rest: string[]): RespReply {
  if (rest.length < 2) return wrongArity('set');
  const command: DataCommand & { cmd: 'set' } = { cmd: 'set', key: rest[0] as string, value: rest[1] as string };
  for (let i = 2; i < rest.length; i++) {
    const option = (rest[i] as string).toUpperCase();
    if (option === 'NX') command.nx = true;
    else if ((option === 'PX' || option === 'EX') && i + 1 < rest.length && command.px === undefined) {
      const n = integer(rest[++i] as string);
      if (n === null) return NOT_INTEGER;
      if (n <= 0) return errorReply('ERR invalid expire time in \'set\' command');
      command.px = option === 'EX' ? n * 1000 : n;
    } else if (['XX', 'KEEPTTL', 'GET', 'EXAT', 'PXAT'].includes(option)) {
      return errorReply(`ERR faultline's Redis model does not implement SET ... ${option}`);
    } else {
      return SYNTAX;
    }
  }
  return run(node, ctx, msg, command);
}

function run(node: RedisServer, ctx: NodeContext, msg: Envelope, command: DataCommand): RespReply {
  return modelReply(node.handle(ctx, command, msg) as RedisReply);
}

function sum(node: RedisServer, ctx: NodeContext, msg: Envelope, commands: DataCommand[]): RespReply {
  let n = 0;
  for (const c of commands) {
    const r = node.handle(ctx, c, msg) as RedisReply;
    if (r.type === 'redis-error') return modelReply(r);
    n += Number(r.result);
  }
  return int(n);
}

/** The live value of `key` (a GET inside a command or script), or null. */
function value(node: RedisServer, ctx: NodeContext, msg: Envelope, key: string): string | null {
  const r = node.execute(ctx, { cmd: 'get', key }, msg) as RedisReply;
  return r.type === 'redis-ok' && typeof r.result === 'string' ? r.result : null;
}

function modelReply(r: RedisReply): RespReply {
  if (r.type === 'redis-error') return errorReply(`${r.error} ${r.message}`);
  const result = r.result;
  if (result === null) return bulk(null);
  if (typeof result === 'number') return int(result);
  return result === 'OK' ? OK : bulk(result);
}

function script(node: RespNode, rest: string[]): RespReply {
  const sub = (rest[0] ?? '').toLowerCase();
  switch (sub) {
    case 'load': {
      if (rest.length !== 2) return wrongArity('script|load');
      const sha = scriptSha(rest[1] as string);
      if (KNOWN_SCRIPTS[sha] === undefined) return unknownScript(sha);
      node.scripts.set(sha, rest[1] as string);
      return bulk(sha);
    }
    case 'exists': return { kind: 'array', items: rest.slice(1).map((sha) => int(node.scripts.has(sha.toLowerCase()) ? 1 : 0)) };
    case 'flush':
      node.scripts.clear();
      return OK;
    default: return errorReply(`ERR unknown subcommand '${rest[0] ?? ''}'. Try SCRIPT HELP.`);
  }
}

function unknownScript(sha: string): RespReply {
  return errorReply(`ERR faultline's Redis model runs only the scripts it knows natively (${knownScriptNames()}), not ${sha}`);
}

/** EVAL script numkeys key... arg... | EVALSHA sha numkeys key... arg... */
function evalScript(node: RespNode, ctx: NodeContext, msg: Envelope, first: string | undefined, rest: string[], isEval: boolean): RespReply {
  if (first === undefined || rest.length < 1) return wrongArity(isEval ? 'eval' : 'evalsha');
  const numkeys = integer(rest[0] as string);
  if (numkeys === null) return NOT_INTEGER;
  if (numkeys < 0) return errorReply('ERR Number of keys can\'t be negative');
  if (numkeys > rest.length - 1) return errorReply('ERR Number of keys can\'t be greater than number of args');
  let sha: string;
  if (isEval) {
    sha = scriptSha(first);
    if (KNOWN_SCRIPTS[sha] === undefined) return unknownScript(sha);
    node.scripts.set(sha, first); // EVAL caches the script, as Redis does
  } else {
    sha = first.toLowerCase();
    if (!node.scripts.has(sha)) return errorReply('NOSCRIPT No matching script. Please use EVAL.');
  }
  const keys = rest.slice(1, 1 + numkeys);
  const argv = rest.slice(1 + numkeys);
  return runScript(node, ctx, msg, KNOWN_SCRIPTS[sha] as KnownScript, keys, argv);
}

/** The known scripts' semantics: one handler call, so atomic as a script is in Redis. */
function runScript(node: RedisServer, ctx: NodeContext, msg: Envelope, which: KnownScript, keys: string[], argv: string[]): RespReply {
  const [lockValue, ttlText] = argv;
  if (lockValue === undefined) return errorReply('ERR Error running script: ARGV[1] is missing');
  const px = () => integer(ttlText ?? '');
  switch (which) {
    case 'redlock-acquire': {
      const ttl = px();
      if (ttl === null || ttl <= 0) return errorReply('ERR Error running script: invalid expire time in \'set\' command');
      if (keys.some((key) => value(node, ctx, msg, key) !== null)) return int(0);
      // SET NX after the existence check is the same write, and reports the redis:lock-granted point.
      for (const key of keys) node.execute(ctx, { cmd: 'set', key, value: lockValue, nx: true, px: ttl }, msg);
      return int(keys.length);
    }
    case 'redlock-extend': {
      const ttl = px();
      if (ttl === null || ttl <= 0) return errorReply('ERR Error running script: invalid expire time in \'set\' command');
      if (keys.some((key) => value(node, ctx, msg, key) !== lockValue)) return int(0);
      for (const key of keys) node.execute(ctx, { cmd: 'set', key, value: lockValue, px: ttl }, msg);
      return int(keys.length);
    }
    case 'redlock-release': {
      let count = 0;
      for (const key of keys) {
        if (value(node, ctx, msg, key) !== lockValue) continue;
        node.execute(ctx, { cmd: 'del', key }, msg);
        count++;
      }
      return int(count);
    }
  }
}

function integer(text: string): number | null {
  return /^-?\d+$/.test(text) ? Number(text) : null;
}
