/**
 * Real code, as a user would write it: the lock recipe of ZooKeeper's recipes page with the
 * `node-zookeeper-client` package (1.1.3), unmodified. Create an ephemeral sequential znode under the
 * lock znode; list the children; the lowest holds the lock; otherwise set an exists watch on the next
 * lower one and list again when it fires; release by deleting ours. A name prefix unique to the attempt
 * finds our znode again after a connection loss during the create (the recipes page's advice).
 *
 * While it holds the lock the client works in steps: it checks its connection, works (sleeps), then
 * writes the step's result to a protected resource over TCP (a line protocol, resource-server.ts), with
 * its lock znode's czxid as the fencing token when FENCING=1. Lock beliefs and operations go to the
 * harness through `faultline/real`. Configured by environment variables (see shared.ts).
 */
import net from 'node:net'; // determinism-lint: allow real-process code: its sockets are simulated TCP (harness/real)
import zookeeper from 'node-zookeeper-client';
import { cover, invoke, lockHeld, stopping } from 'faultline/real';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`lock-client: environment variable ${name} is not set`);
  return value;
};
const ID = env('CLIENT_ID');
const LOCK = env('LOCK');
const SESSION_TIMEOUT_MS = Number(env('SESSION_TIMEOUT_MS'));
const HOLD_MS = Number(env('HOLD_MS'));
const STEP_MS = Number(env('STEP_MS'));
const THINK_MS = Number(env('THINK_MS'));
const WRITE_TIMEOUT_MS = Number(env('WRITE_TIMEOUT_MS'));
const FENCING = env('FENCING') === '1';
const [RESOURCE_HOST, RESOURCE_PORT] = env('RESOURCE').split(':');
const { CreateMode, Exception, State } = zookeeper;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
const jitter = (ms) => Math.floor(ms / 2 + Math.random() * ms); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
/**
 * A request as a promise. node-zookeeper-client never calls back a request it queued while disconnected
 * if the session then expires (it fails only those already sent), so the 'expired' event fails it too.
 */
const call = (client, f) => new Promise((resolve, reject) => {
  const onExpired = () => reject(new Error('session expired'));
  client.once('expired', onExpired);
  f((error, ...results) => {
    client.removeListener('expired', onExpired);
    if (error) reject(error);
    else resolve(results);
  });
});
const code = (error) => (typeof error?.getCode === 'function' ? error.getCode() : null);
const sequenceOf = (name) => Number(name.slice(name.lastIndexOf('-') + 1));

/**
 * A connected client with a fresh session. A client whose session expired is closed for good (its state
 * goes on to DISCONNECTED, so the 'expired' event is what tells).
 */
async function connect() {
  const client = zookeeper.createClient(env('ZK_SERVERS'), { sessionTimeout: SESSION_TIMEOUT_MS, spinDelay: 50, retries: 0 });
  const connected = new Promise((resolve) => client.once('connected', resolve));
  client.once('expired', () => expired.add(client));
  client.connect();
  await connected;
  return client;
}
const expired = new WeakSet();

/** Resolves at the next watch event or at the next change of connection state, whichever comes first. */
function nextChange(client, watch) {
  return new Promise((resolve) => {
    const done = () => {
      client.removeListener('state', done);
      resolve();
    };
    client.once('state', done);
    watch(done);
  });
}

/** The recipe's steps 1-5: our znode once it is the lowest, with its czxid; throws on a session error. */
async function acquire(client, prefix) {
  let ours = null;
  try {
    [ours] = await call(client, (cb) => client.create(`${LOCK}/${prefix}`, Buffer.from(ID), CreateMode.EPHEMERAL_SEQUENTIAL, cb));
  } catch (error) {
    if (code(error) !== Exception.CONNECTION_LOSS) throw error;
  }
  for (;;) {
    const [children] = await call(client, (cb) => client.getChildren(LOCK, cb));
    if (ours === null) {
      // The create may have happened before the connection broke: our prefix finds it.
      const mine = children.find((name) => name.startsWith(prefix));
      if (mine === undefined) return null;
      ours = `${LOCK}/${mine}`;
    }
    const name = ours.slice(LOCK.length + 1);
    if (!children.includes(name)) return null; // our session's znode is gone
    const lower = children.filter((c) => sequenceOf(c) < sequenceOf(name)).sort((a, b) => sequenceOf(a) - sequenceOf(b));
    if (lower.length === 0) {
      const [stat] = await call(client, (cb) => client.exists(ours, cb));
      if (stat === null) return null;
      return { path: ours, czxid: Number(stat.czxid.readBigInt64BE(0)) };
    }
    const predecessor = `${LOCK}/${lower[lower.length - 1]}`;
    cover('zk:lock-watching-predecessor');
    await nextChange(client, (fired) => {
      client.exists(predecessor, () => fired(), (error, stat) => {
        if (error || stat === null) fired(); // gone already (or the request failed): list again
      });
    });
  }
}

/** One write of the critical section to the protected resource: 'OK <seq>' or 'REJECTED', or no answer. */
function writeResource(session, token, value) {
  const op = invoke('write', { session, token, value }, 'resource');
  return new Promise((resolve) => {
    const socket = net.connect({ host: RESOURCE_HOST, port: Number(RESOURCE_PORT) });
    let reply = '';
    const finish = (outcome) => {
      clearTimeout(timer);
      socket.destroy();
      outcome();
      resolve();
    };
    const timer = setTimeout(() => finish(() => op.info()), WRITE_TIMEOUT_MS); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
    socket.on('error', () => finish(() => op.info()));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (!reply.includes('\n')) return;
      const [word, seq] = reply.trim().split(' ');
      finish(() => (word === 'OK' ? op.ok({ session, token, value, seq: Number(seq) }) : op.fail({ session, token, value })));
    });
    socket.write(`WRITE ${session} ${token ?? '-'} ${value}\n`);
  });
}

/**
 * Deletes our znodes of an attempt (a release, or an attempt that failed), retrying through connection
 * losses while the session lives: a znode left behind would stay in line ahead of everyone, our own next
 * attempt included, until the session ends. Done when they are gone or the session is.
 */
async function removeOurs(client, prefix) {
  while (!expired.has(client)) {
    try {
      const [children] = await call(client, (cb) => client.getChildren(LOCK, cb));
      for (const name of children.filter((c) => c.startsWith(prefix))) {
        await call(client, (cb) => client.remove(`${LOCK}/${name}`, -1, cb)).catch((error) => {
          if (code(error) !== Exception.NO_NODE) throw error;
        });
      }
      return;
    } catch (error) {
      if (code(error) !== Exception.CONNECTION_LOSS) return; // expired (or closed): the session took them
      await nextChange(client, () => {});
    }
  }
}

async function main() {
  let client = await connect();
  await call(client, (cb) => client.mkdirp(LOCK, cb)).catch(() => undefined);
  let values = 0;
  for (let n = 1; !stopping(); n++) {
    if (expired.has(client)) {
      client.close();
      client = await connect();
    }
    const session = `${ID}#${n}`;
    const op = invoke('acquire', null, LOCK);
    const prefix = `${ID}-${n}-lock-`;
    let grant;
    try {
      grant = await acquire(client, prefix);
    } catch {
      grant = null;
    }
    if (grant === null) {
      op.fail();
      await removeOurs(client, prefix);
      await sleep(jitter(THINK_MS));
      continue;
    }
    op.ok({ session, czxid: grant.czxid });
    cover('zk:lock-acquired');
    const held = lockHeld(LOCK, { session, untilWallMs: Number.POSITIVE_INFINITY, token: grant.czxid });
    const since = Date.now(); // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
    // Curator's advice: a holder whose connection is not CONNECTED stops believing.
    while (Date.now() - since < HOLD_MS && client.getState() === State.SYNC_CONNECTED) { // determinism-lint: allow real-process code: its timers, clock and randomness are the simulated node's (harness/real)
      await sleep(STEP_MS); // the work
      await writeResource(session, FENCING ? grant.czxid : null, values++);
    }
    const release = invoke('release', null, LOCK);
    held.release();
    release.ok();
    // Release: delete our znode; through a connection loss, find it again and retry.
    await call(client, (cb) => client.remove(grant.path, -1, cb)).catch(() => removeOurs(client, prefix));
    await sleep(jitter(THINK_MS));
  }
  client.close();
}

void main();
