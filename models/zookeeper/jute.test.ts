/**
 * The jute codec: round trips of every record the server reads or writes, bytes as node-zookeeper-client
 * (1.1.3) writes them decoded here, and bytes written here decoded by node-zookeeper-client.
 */
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  FrameReader, JuteError, JuteReader, JuteWriter, MAX_FRAME, OpCode, opCodeOf, readConnectRequest, readConnectResponse, readReplyHeader,
  readRequest, readRequestHeader, readStat, readWatcherEvent, writeConnectRequest, writeConnectResponse, writeReplyHeader, writeRequest,
  writeRequestHeader, writeResponse, writeStat, writeWatcherEvent, type JuteRequest, type JuteStat,
} from './jute.js';

// node-zookeeper-client's own jute classes (CommonJS), as its ConnectionManager uses them.
interface NzcRecord { byteLength(): number; serialize(b: Buffer, o: number): number; deserialize(b: Buffer, o: number): number; [k: string]: unknown }
type NzcClass = new (...args: unknown[]) => NzcRecord;
const nzc = createRequire(import.meta.url)('node-zookeeper-client/lib/jute/index.js') as {
  Request: new (header: NzcRecord | null, payload: NzcRecord | null) => { toBuffer(): Buffer };
  TransactionRequest: new (ops: unknown[]) => NzcRecord;
  TransactionResponse: new () => NzcRecord;
  protocol: Record<string, NzcClass>;
  data: Record<string, NzcClass>;
};

const long = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

const STAT: JuteStat = { czxid: 0x3_0000_0007, mzxid: 0x3_0000_0009, ctime: 0, mtime: 0, version: 2, cversion: 5, aversion: 0, ephemeralOwner: 0x1_0000_0001, dataLength: 3, numChildren: 1, pzxid: 0x3_0000_000a };

test('connect request as node-zookeeper-client writes it', () => {
  const passwd = Buffer.from('0123456789abcdef');
  const bytes = new nzc.Request(null, new nzc.protocol['ConnectRequest']!(0, long(0x2_0000_0005), 30000, long(0x1_0000_0003), passwd)).toBuffer();
  const frames = new FrameReader();
  frames.push(bytes);
  const body = frames.next();
  assert.ok(body !== null);
  assert.equal(frames.next(), null);
  const req = readConnectRequest(new JuteReader(body!));
  assert.equal({ ...req, passwd: req.passwd.toString() }, { protocolVersion: 0, lastZxidSeen: 0x2_0000_0005, timeOut: 30000, sessionId: 0x1_0000_0003, passwd: passwd.toString(), readOnly: false });
  // A client that appends the readOnly flag (the Java client) is read too.
  const withFlag = writeConnectRequest(new JuteWriter(), { ...req, readOnly: true }).bytes();
  assert.equal(readConnectRequest(new JuteReader(withFlag)).readOnly, true);
});

test('requests as node-zookeeper-client writes them: header and body', () => {
  const cases: { cls: string; args: unknown[]; op: number; expect: JuteRequest }[] = [
    {
      cls: 'CreateRequest', op: OpCode.create,
      args: ['/lock/c-', Buffer.from('x'), [new nzc.data['ACL']!(31, new nzc.data['Id']!('world', 'anyone'))], 3],
      expect: { type: 'create', path: '/lock/c-', data: Buffer.from('x'), acl: [{ perms: 31, scheme: 'world', id: 'anyone' }], flags: 3 },
    },
    { cls: 'DeleteRequest', op: OpCode.delete, args: ['/lock/c-0000000001', -1], expect: { type: 'delete', path: '/lock/c-0000000001', version: -1 } },
    { cls: 'ExistsRequest', op: OpCode.exists, args: ['/lock/c-0000000000', true], expect: { type: 'exists', path: '/lock/c-0000000000', watch: true } },
    { cls: 'GetChildren2Request', op: OpCode.getChildren2, args: ['/lock', false], expect: { type: 'getChildren2', path: '/lock', watch: false } },
    { cls: 'GetDataRequest', op: OpCode.getData, args: ['/a', true], expect: { type: 'getData', path: '/a', watch: true } },
    { cls: 'SetDataRequest', op: OpCode.setData, args: ['/a', Buffer.from('v2'), 4], expect: { type: 'setData', path: '/a', data: Buffer.from('v2'), version: 4 } },
    {
      cls: 'SetWatches', op: OpCode.setWatches, args: [long(0x1_0000_0002), ['/d'], ['/e1', '/e2'], []],
      expect: { type: 'setWatches', relativeZxid: 0x1_0000_0002, data: ['/d'], exist: ['/e1', '/e2'], child: [] },
    },
  ];
  for (const c of cases) {
    const header = new nzc.protocol['RequestHeader']!(17, c.op);
    const bytes = new nzc.Request(header, new nzc.protocol[c.cls]!(...c.args)).toBuffer();
    const frames = new FrameReader();
    frames.push(bytes);
    const r = new JuteReader(frames.next()!);
    assert.equal(readRequestHeader(r), { xid: 17, type: c.op }, c.cls);
    assert.equal(readRequest(c.op, r), c.expect, c.cls);
    assert.is(r.remaining, 0, c.cls);
    // And back: what we write for it is the same bytes.
    const ours = writeRequest(writeRequestHeader(new JuteWriter(), { xid: 17, type: opCodeOf(c.expect) }), c.expect).frame();
    assert.equal([...ours], [...bytes], c.cls);
  }
  // Ping and closeSession are a header alone.
  const ping = new nzc.Request(new nzc.protocol['RequestHeader']!(-2, OpCode.ping), null).toBuffer();
  const r = new JuteReader(ping.subarray(4));
  assert.equal(readRequestHeader(r), { xid: -2, type: OpCode.ping });
  assert.equal(readRequest(OpCode.ping, r), { type: 'ping' });
  assert.equal(readRequest(OpCode.getACL, new JuteReader(new JuteWriter().ustring('/a').bytes())), { type: 'unsupported', opCode: OpCode.getACL });
});

test('multi as node-zookeeper-client\'s transaction writes it: MultiHeader before each op, a done header after', () => {
  const open = createRequire(import.meta.url)('node-zookeeper-client/lib/ACL.js').OPEN_ACL_UNSAFE as unknown[];
  const ops = [
    { type: OpCode.create, path: '/t/n-', data: Buffer.from('x'), acls: open, mode: 3 },
    { type: OpCode.setData, path: '/t', data: Buffer.from('v'), version: 4 },
    { type: OpCode.delete, path: '/t/old', version: -1 },
    { type: OpCode.check, path: '/t/guard', version: 2 },
  ];
  const expect: JuteRequest = {
    type: 'multi',
    ops: [
      { type: 'create', path: '/t/n-', data: Buffer.from('x'), acl: [{ perms: 31, scheme: 'world', id: 'anyone' }], flags: 3 },
      { type: 'setData', path: '/t', data: Buffer.from('v'), version: 4 },
      { type: 'delete', path: '/t/old', version: -1 },
      { type: 'check', path: '/t/guard', version: 2 },
    ],
  };
  const cases: [unknown[], JuteRequest][] = [[ops, expect], [[], { type: 'multi', ops: [] }]];
  for (const [list, request] of cases) {
    const bytes = new nzc.Request(new nzc.protocol['RequestHeader']!(9, OpCode.multi), new nzc.TransactionRequest(list)).toBuffer();
    const r = new JuteReader(bytes.subarray(4));
    assert.equal(readRequestHeader(r), { xid: 9, type: OpCode.multi });
    assert.equal(readRequest(OpCode.multi, r), request);
    assert.is(r.remaining, 0);
    const ours = writeRequest(writeRequestHeader(new JuteWriter(), { xid: 9, type: opCodeOf(request) }), request).frame();
    assert.equal([...ours], [...bytes]);
  }
  // An op this server does not serve (create2, op code 15) makes the whole multi unsupported.
  const create2 = new JuteWriter().int(15).bool(false).int(-1).ustring('/a').buffer(null).vector([], () => {}).int(0).int(-1).bool(true).int(-1).bytes();
  assert.equal(readRequest(OpCode.multi, new JuteReader(create2)), { type: 'unsupported', opCode: OpCode.multi });
  // A multi cut short (no done header) is malformed.
  assert.throws(() => readRequest(OpCode.multi, new JuteReader(new JuteWriter().int(OpCode.delete).bool(false).int(-1).ustring('/a').int(-1).bytes())), (e: unknown) => e instanceof JuteError);
});

test('multi results written here, read by node-zookeeper-client\'s transaction response', () => {
  const decode = (bytes: Buffer) => {
    const res = new nzc.TransactionResponse() as unknown as { deserialize(b: Buffer, o: number): number; results: Record<string, unknown>[] };
    assert.is(res.deserialize(bytes, 0), bytes.length);
    return res.results;
  };
  const ok = decode(writeResponse(new JuteWriter(), {
    type: 'multi',
    results: [{ type: 'create', path: '/t/n-0000000002' }, { type: 'setData', stat: STAT }, { type: 'delete' }, { type: 'check' }],
  }).bytes());
  assert.equal(ok.map((r) => r['type']), [OpCode.create, OpCode.setData, OpCode.delete, OpCode.check]);
  assert.is(ok[0]!['path'], '/t/n-0000000002');
  const stat = ok[1]!['stat'] as NzcRecord;
  assert.equal([stat['version'], stat['dataLength']], [2, 3]);
  assert.equal([...(stat['mzxid'] as Buffer)], [...long(STAT.mzxid)]);
  const failed = decode(writeResponse(new JuteWriter(), {
    type: 'multi', results: [{ type: 'error', err: 0 }, { type: 'error', err: -103 }, { type: 'error', err: -2 }],
  }).bytes());
  assert.equal(failed, [{ type: -1, err: 0 }, { type: -1, err: -103 }, { type: -1, err: -2 }]);
  // The error's code is in its MultiHeader too, as ZooKeeper writes it: header (type, done, err), then ErrorResponse.
  assert.equal([...writeResponse(new JuteWriter(), { type: 'multi', results: [{ type: 'error', err: -103 }] }).bytes()], [
    ...new JuteWriter().int(-1).bool(false).int(-103).int(-103).int(-1).bool(true).int(-1).bytes(),
  ]);
});

test('replies written here, read by node-zookeeper-client', () => {
  const decode = (cls: string, bytes: Buffer): NzcRecord => {
    const rec = new nzc.protocol[cls]!();
    assert.is(rec.deserialize(bytes, 0), bytes.length, cls);
    return rec;
  };
  const connect = decode('ConnectResponse', writeConnectResponse(new JuteWriter(), { protocolVersion: 0, timeOut: 4000, sessionId: 0x2_0000_0001, passwd: Buffer.alloc(16, 7) }).bytes().subarray(0, -1));
  assert.is(connect['timeOut'], 4000);
  assert.equal([...(connect['sessionId'] as Buffer)], [...long(0x2_0000_0001)]);
  const header = decode('ReplyHeader', writeReplyHeader(new JuteWriter(), { xid: 5, zxid: 0x1_0000_0009, err: -101 }).bytes());
  assert.equal([header['xid'], header['err']], [5, -101]);
  assert.equal([...(header['zxid'] as Buffer)], [...long(0x1_0000_0009)]);
  const data = decode('GetDataResponse', writeResponse(new JuteWriter(), { type: 'getData', data: Buffer.from('abc'), stat: STAT }).bytes());
  assert.is((data['data'] as Buffer).toString(), 'abc');
  const stat = data['stat'] as NzcRecord;
  assert.equal([stat['version'], stat['cversion'], stat['numChildren'], stat['dataLength']], [2, 5, 1, 3]);
  assert.equal([...(stat['czxid'] as Buffer)], [...long(STAT.czxid)]);
  const children = decode('GetChildren2Response', writeResponse(new JuteWriter(), { type: 'getChildren2', children: ['a', 'b'], stat: STAT }).bytes());
  assert.equal(children['children'], ['a', 'b']);
  assert.is(decode('CreateResponse', writeResponse(new JuteWriter(), { type: 'create', path: '/l/c-0000000003' }).bytes())['path'], '/l/c-0000000003');
  const event = decode('WatcherEvent', writeWatcherEvent(new JuteWriter(), { type: 2, state: 3, path: '/l/c-0000000001' }).bytes());
  assert.equal([event['type'], event['state'], event['path']], [2, 3, '/l/c-0000000001']);
});

test('round trips', () => {
  assert.equal(readStat(new JuteReader(writeStat(new JuteWriter(), STAT).bytes())), STAT);
  assert.equal(readReplyHeader(new JuteReader(writeReplyHeader(new JuteWriter(), { xid: -1, zxid: -1, err: 0 }).bytes())), { xid: -1, zxid: -1, err: 0 });
  const resp = readConnectResponse(new JuteReader(writeConnectResponse(new JuteWriter(), { protocolVersion: 0, timeOut: 0, sessionId: 0, passwd: Buffer.alloc(16) }).bytes()));
  assert.equal([resp.timeOut, resp.sessionId, resp.passwd.length], [0, 0, 16]);
  assert.equal(readWatcherEvent(new JuteReader(writeWatcherEvent(new JuteWriter(), { type: 4, state: 3, path: '/x' }).bytes())), { type: 4, state: 3, path: '/x' });
  const nulls = new JuteWriter().buffer(null).ustring(null).vector(null, () => {}).bytes();
  const r = new JuteReader(nulls);
  assert.equal([r.buffer(), r.ustring(), r.vector(() => 0)], [null, null, null]);
});

test('frames split across chunks and several in one chunk', () => {
  const a = new JuteWriter().int(1).frame();
  const b = new JuteWriter().ustring('hello').frame();
  const all = Buffer.concat([a, b]);
  const frames = new FrameReader();
  frames.push(all.subarray(0, 3));
  assert.equal(frames.next(), null);
  frames.push(all.subarray(3, 10));
  assert.equal([...frames.next()!], [0, 0, 0, 1]);
  assert.equal(frames.next(), null);
  frames.push(all.subarray(10));
  assert.is(new JuteReader(frames.next()!).ustring(), 'hello');
  assert.equal(frames.next(), null);
});

test('malformed input is a JuteError, never a crash', () => {
  const frames = new FrameReader();
  frames.push(new JuteWriter().int(MAX_FRAME + 1).bytes());
  assert.throws(() => frames.next(), (e: unknown) => e instanceof JuteError && /frame length/.test(e.message));
  assert.throws(() => new JuteReader(Buffer.from([0, 0, 0, 9, 1])).buffer(), (e: unknown) => e instanceof JuteError);
  assert.throws(() => readRequest(OpCode.create, new JuteReader(new JuteWriter().ustring(null).bytes())), (e: unknown) => e instanceof JuteError && /null path/.test(e.message));
  assert.throws(() => new JuteReader(new JuteWriter().int(1000).bytes()).vector((x) => x.int()), (e: unknown) => e instanceof JuteError);
});

test.run();
