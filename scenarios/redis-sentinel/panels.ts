/**
 * Report panels for Redis Sentinel runs, rebuilt after the run from the Redis nodes' log lines (`boot {...}`,
 * `repl {...}`, `keyspace {...}`), the Sentinels' event lines (`sentinel {...}`), the schedule's crashes,
 * restarts and pauses (with the heal the runner adds at the end of the nemesis), and the history:
 * - "Redis roles": per Redis node, master or replica of X (link syncing, down or up), down, paused; a master
 *   while another node is master too is marked; each full resync is a mark, `bad` when the node had been
 *   master since its last sync (the moment an old master's writes are discarded), `warn` when a replica
 *   throws away keys its new master lacks; the mark names how many keys, and how many were acknowledged.
 * - "Sentinel": per Sentinel, the master it names (config epoch), what it sees down (SDOWN, ODOWN), the
 *   failover it runs, TILT; marks for leader, failover-end, abort, switch-master, convert-to-slave and
 *   fix-slave-config.
 *
 * A point event is a panel mark (drawn over the row, the state under it still visible); its tooltip has its time.
 */
import { healAll, type FaultSchedule, type Topology, type RunArtifacts, type NodeId } from '../../harness/index.js';
import { BOOT_LOG, KEYSPACE_LOG, REPL_LOG } from '../../models/redis/index.js';
import type { Effect } from '../../models/redis/keyspace.js';
import { ADD_PREFIX } from '../../models/sentinel/client.js';
import { sentinelEvents, type SentinelLogLine } from '../../models/sentinel/messages.js';
import type { ModelPanel, PanelMark, PanelRow, PanelSegment, PanelTone } from '../../reports/types.js';

type Tone = PanelTone;
interface Look { text: string; tone: Tone }
interface Mark extends Look { timeUs: number }

export interface SentinelPanelOptions {
  redis: readonly NodeId[];
  sentinels: readonly NodeId[];
  /** The master every Sentinel names at first (Sentinels log only changes). */
  initialMaster: NodeId;
  topology: Topology;
  /** End of the nemesis phase: the runner restarts and resumes what the schedule left down or paused. */
  nemesisUs: number;
}

const TONE_RANK: Record<Tone, number> = { neutral: 0, ok: 1, warn: 2, bad: 3 };

/**
 * One row from a state per instant and point events: state segments between changes (equal neighbours
 * merged, zero-length states dropped), and the events as panel marks over them; events at one instant
 * share a mark, with the worst tone. Segments do not overlap, so what is drawn is what the tooltip names.
 */
export function timelineRow(label: string, states: readonly { timeUs: number; look: Look }[], events: readonly Mark[], endUs: number): PanelRow {
  const segments: PanelSegment[] = [];
  states.forEach((s, i) => {
    const toUs = Math.min(states[i + 1]?.timeUs ?? endUs, endUs);
    if (toUs <= s.timeUs) return;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.toUs === s.timeUs && last.text === s.look.text && last.tone === s.look.tone) last.toUs = toUs;
    else segments.push({ fromUs: s.timeUs, toUs, ...s.look });
  });
  const marks: (PanelMark & { tone: Tone })[] = [];
  for (const e of [...events].sort((a, b) => a.timeUs - b.timeUs)) {
    const atUs = Math.min(e.timeUs, endUs);
    const last = marks[marks.length - 1];
    if (last !== undefined && last.atUs === atUs) {
      last.label = `${last.label}; ${e.text}`;
      if (TONE_RANK[e.tone] > TONE_RANK[last.tone]) last.tone = e.tone;
    } else marks.push({ atUs, label: e.text, tone: e.tone });
  }
  return { label, segments, marks };
}

type Lifecycle = { timeUs: number; node: NodeId; kind: 'crash' | 'restart' | 'pause' | 'resume' };

/** Crashes, restarts, pauses and resumes of `nodes`: the schedule's and the runner's heal at the end of the nemesis. */
function lifecycle(schedule: FaultSchedule, options: SentinelPanelOptions, nodes: readonly NodeId[]): Lifecycle[] {
  const watched = new Set(nodes);
  const out: Lifecycle[] = [];
  for (const f of [...schedule, ...healAll(options.topology, options.nemesisUs, schedule)]) {
    if ((f.kind === 'crash' || f.kind === 'restart' || f.kind === 'pause' || f.kind === 'resume') && watched.has(f.node)) out.push({ timeUs: f.at, node: f.node, kind: f.kind });
  }
  return out;
}

/** Events of all nodes in time order; at one instant, faults before log lines, each in its own order. */
function inOrder<T extends { timeUs: number }>(faults: T[], lines: T[]): T[] {
  const tagged = [...faults.map((e, i) => ({ e, k: 0, i })), ...lines.map((e, i) => ({ e, k: 1, i }))];
  tagged.sort((a, b) => a.e.timeUs - b.e.timeUs || a.k - b.k || a.i - b.i);
  return tagged.map((t) => t.e);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const sample = (keys: readonly string[]) => keys.slice(0, 5).join(', ') + (keys.length > 5 ? ', …' : '');

// ---------- Redis roles ----------

interface RedisState {
  up: boolean;
  paused: boolean;
  role: 'master' | 'replica';
  master: NodeId | null;
  link: 'syncing' | 'down' | 'up';
  why: string;
  /** Master at some point since the last full resync: a full resync now discards its own writes. */
  wasMaster: boolean;
}

interface ReplLine { event: string; role: 'master' | 'replica'; master: NodeId | null; offset: number; replica?: NodeId; keys?: number; why?: string }

type RedisEvent =
  | (Lifecycle & { source: 'fault' })
  | { source: 'log'; timeUs: number; node: NodeId; message: string };

function redisLook(s: RedisState, masters: number): Look {
  if (!s.up) return { text: 'down', tone: 'bad' };
  let look: Look;
  if (s.role === 'master') look = masters > 1 ? { text: `master (${masters} masters)`, tone: 'warn' } : { text: 'master', tone: 'ok' };
  else if (s.link === 'up') look = { text: `replica of ${s.master}`, tone: 'neutral' };
  else if (s.link === 'syncing') look = { text: `replica of ${s.master}, syncing`, tone: 'neutral' };
  else look = { text: `replica of ${s.master}, link down (${s.why})`, tone: 'warn' };
  return s.paused ? { text: `${look.text}, paused`, tone: 'warn' } : look;
}

export function redisRolesPanel(run: RunArtifacts, options: SentinelPanelOptions): ModelPanel {
  const nodes = options.redis;
  const watched = new Set(nodes);
  const endUs = run.sim.nowUs;
  const acknowledged = new Set(run.history.filter((op) => op.type === 'ok' && op.f === 'add').map((op) => `${ADD_PREFIX}${String(op.value)}`));
  const keysComplete = run.sim.stats().droppedLogLines === 0;
  const state = new Map<NodeId, RedisState>(nodes.map((n) => [n, { up: false, paused: false, role: 'master', master: null, link: 'up', why: '', wasMaster: false }]));
  const keys = new Map<NodeId, Set<string>>(nodes.map((n) => [n, new Set()]));
  /** What a master sent in a full resync, per `master>replica`: its keys when it served it. */
  const served = new Map<string, Set<string>>();
  const states = new Map<NodeId, { timeUs: number; look: Look }[]>(nodes.map((n) => [n, []]));
  const marks = new Map<NodeId, Mark[]>(nodes.map((n) => [n, []]));

  const events = inOrder<RedisEvent>(
    lifecycle(run.schedule, options, nodes).map((l) => ({ ...l, source: 'fault' as const })),
    run.sim.logs.filter((l) => watched.has(l.node)).map((l) => ({ source: 'log' as const, timeUs: l.timeUs, node: l.node, message: l.message })),
  );
  /** The look of every node once everything at `timeUs` has happened; a node up as master now has writes of its own. */
  const snapshot = (timeUs: number) => {
    const masters = nodes.filter((n) => state.get(n)!.up && state.get(n)!.role === 'master').length;
    for (const n of nodes) {
      const s = state.get(n)!;
      if (s.up && s.role === 'master') s.wasMaster = true;
      states.get(n)!.push({ timeUs, look: redisLook(s, masters) });
    }
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const s = state.get(e.node)!;
    if (e.source === 'fault') {
      // A restart shows once the node boots (its boot line); a crash ends a pause, as in the kernel.
      if (e.kind === 'crash') Object.assign(s, { up: false, paused: false });
      else if (e.kind === 'pause' && s.up) s.paused = true;
      else if (e.kind === 'resume') s.paused = false;
    } else if (e.message.startsWith(BOOT_LOG)) {
      // Up as a master; a replica's `replicaof` line follows at the same instant.
      const boot = JSON.parse(e.message.slice(BOOT_LOG.length)) as { keys: { key: string }[] };
      Object.assign(s, { up: true, paused: false, role: 'master', master: null, link: 'up' });
      keys.set(e.node, new Set(boot.keys.map((k) => k.key).filter((k) => k.startsWith(ADD_PREFIX))));
    } else if (e.message.startsWith(KEYSPACE_LOG)) {
      const effect = JSON.parse(e.message.slice(KEYSPACE_LOG.length)) as Effect;
      if (effect.key.startsWith(ADD_PREFIX) && effect.op === 'set') keys.get(e.node)!.add(effect.key);
      else if (effect.key.startsWith(ADD_PREFIX) && effect.op === 'del') keys.get(e.node)!.delete(effect.key);
    } else if (e.message.startsWith(REPL_LOG)) {
      const line = JSON.parse(e.message.slice(REPL_LOG.length)) as ReplLine;
      s.role = line.role;
      s.master = line.master;
      if (line.event === 'replicaof') s.link = 'syncing';
      else if (line.event === 'partial-resync') s.link = 'up';
      else if (line.event === 'link-down') Object.assign(s, { link: 'down', why: line.why ?? '' });
      else if (line.event === 'full-resync-served') served.set(`${e.node}>${line.replica}`, new Set(keys.get(e.node)));
      else if (line.event === 'full-resync') {
        s.link = 'up';
        const incoming = served.get(`${line.master}>${e.node}`);
        const discarded = incoming === undefined || !keysComplete ? null : [...keys.get(e.node)!].filter((k) => !incoming.has(k)).sort();
        let text = `full resync from ${line.master}`;
        if (s.wasMaster) text += ' (was master)';
        if (discarded !== null) {
          const acked = discarded.filter((k) => acknowledged.has(k));
          text += discarded.length === 0 ? ': no key discarded' : `: discards ${plural(discarded.length, 'key')}`;
          if (acked.length > 0) text += `, ${acked.length} acknowledged (${sample(acked)})`;
          else if (discarded.length > 0) text += ` (${sample(discarded)})`;
        }
        const tone: Tone = s.wasMaster ? 'bad' : discarded !== null && discarded.length > 0 ? 'warn' : 'neutral';
        marks.get(e.node)!.push({ timeUs: e.timeUs, text, tone });
        s.wasMaster = false;
        if (incoming !== undefined) keys.set(e.node, new Set(incoming));
      }
    }
    if (events[i + 1]?.timeUs !== e.timeUs) snapshot(e.timeUs);
  }
  return {
    title: 'Redis roles (red: down, or the full resync of a node that was master: its writes discarded)',
    rows: nodes.map((n) => timelineRow(n, states.get(n)!, marks.get(n)!, endUs)),
  };
}

// ---------- Sentinels ----------

interface SentinelState {
  up: boolean;
  paused: boolean;
  master: NodeId;
  configEpoch: number;
  sdown: Set<NodeId>;
  odown: string | null;
  failover: string | null;
  tilt: boolean;
}

type SentinelEvent =
  | (Lifecycle & { source: 'fault' })
  | (SentinelLogLine & { source: 'log'; node: NodeId; timeUs: number });

function sentinelLook(s: SentinelState): Look {
  if (!s.up) return { text: 'down', tone: 'bad' };
  const parts = [`names ${s.master}${s.configEpoch > 0 ? ` (config epoch ${s.configEpoch})` : ''}`];
  if (s.odown !== null) parts.push(`${s.master} ODOWN (${s.odown})`);
  else if (s.sdown.has(s.master)) parts.push(`${s.master} SDOWN`);
  const others = [...s.sdown].filter((n) => n !== s.master).sort();
  if (others.length > 0) parts.push(`SDOWN ${others.join(', ')}`);
  if (s.failover !== null) parts.push(s.failover);
  if (s.tilt) parts.push('TILT');
  if (s.paused) parts.push('paused');
  return { text: parts.join(' · '), tone: parts.length > 1 ? 'warn' : 'neutral' };
}

const str = (v: unknown) => String(v);

export function sentinelPanel(run: RunArtifacts, options: SentinelPanelOptions): ModelPanel {
  const nodes = options.sentinels;
  const watched = new Set(nodes);
  const endUs = run.sim.nowUs;
  const fresh = (master: NodeId, configEpoch: number, up: boolean): SentinelState =>
    ({ up, paused: false, master, configEpoch, sdown: new Set(), odown: null, failover: null, tilt: false });
  const state = new Map<NodeId, SentinelState>(nodes.map((n) => [n, fresh(options.initialMaster, 0, true)]));
  const states = new Map<NodeId, { timeUs: number; look: Look }[]>(nodes.map((n) => [n, [{ timeUs: 0, look: sentinelLook(state.get(n)!) }]]));
  const marks = new Map<NodeId, Mark[]>(nodes.map((n) => [n, []]));
  const events = inOrder<SentinelEvent>(
    lifecycle(run.schedule, options, nodes).map((l) => ({ ...l, source: 'fault' as const })),
    sentinelEvents(run.sim.logs).filter((e) => watched.has(e.node)).map((e) => ({ ...e, source: 'log' as const })),
  );
  for (const e of events) {
    const s = state.get(e.node)!;
    const mark = (text: string, tone: Tone) => marks.get(e.node)!.push({ timeUs: e.timeUs, text, tone });
    if (e.source === 'fault') {
      // sentinel.conf keeps the master it names and the config epoch; the rest is rebuilt after a restart.
      if (e.kind === 'crash') state.set(e.node, fresh(s.master, s.configEpoch, false));
      else if (e.kind === 'restart') state.set(e.node, fresh(s.master, s.configEpoch, true));
      else if (e.kind === 'pause' && s.up) s.paused = true;
      else if (e.kind === 'resume') s.paused = false;
    } else {
      switch (e.event) {
        case 'sdown':
          s.sdown.add(e['instance'] as NodeId);
          break;
        case 'sdown-end':
          s.sdown.delete(e['instance'] as NodeId);
          break;
        case 'odown':
          s.odown = str(e['quorum']);
          break;
        case 'odown-end':
          s.odown = null;
          break;
        case 'try-failover':
          s.failover = `trying failover (epoch ${str(e['epoch'])})`;
          break;
        case 'leader':
          s.failover = `failover leader (epoch ${str(e['epoch'])})`;
          mark(`leader, epoch ${str(e['epoch'])}`, 'ok');
          break;
        case 'promote':
          s.failover = `failover (epoch ${str(e['epoch'])}): promoting ${str(e['replica'])}`;
          break;
        case 'promoted':
          // From here it names the promoted replica, to clients and in sentinel.conf (sentinelGetCurrentMasterAddress).
          s.master = e['replica'] as NodeId;
          s.configEpoch = Number(e['configEpoch']);
          s.failover = `failover (epoch ${str(e['configEpoch'])}): ${str(e['replica'])} promoted, reconfiguring replicas`;
          break;
        case 'abort':
          s.failover = null;
          mark(`failover aborted: ${str(e['reason'])}`, 'warn');
          break;
        case 'failover-end':
          mark(`failover-end: ${str(e['master'])}${e['timeout'] === true ? ' (timeout)' : ''}`, e['timeout'] === true ? 'warn' : 'ok');
          break;
        case 'switch-master': {
          // sentinelResetMasterAndChangeAddress: fresh instances, no failover.
          const to = e['to'] as NodeId;
          state.set(e.node, { ...fresh(to, Number(e['configEpoch']), true), paused: s.paused, tilt: s.tilt });
          mark(`switch-master ${str(e['from'])} → ${to}, config epoch ${str(e['configEpoch'])}${e['via'] !== undefined ? ` (hello from ${str(e['via'])})` : ''}`, 'ok');
          break;
        }
        case 'convert-to-slave':
          mark(`convert-to-slave: ${str(e['instance'])} to replica of ${str(e['master'])}`, 'warn');
          break;
        case 'fix-slave-config':
          mark(`fix-slave-config: ${str(e['instance'])} from ${str(e['was'])} to ${str(e['master'])}`, 'neutral');
          break;
        case 'tilt':
          s.tilt = true;
          mark(`TILT (stalled ${str(e['stalledMs'])} ms)`, 'warn');
          break;
        case 'tilt-end':
          s.tilt = false;
          break;
        default:
          continue; // new-epoch, vote, select, reconf: in the tooltip of nothing, to keep rows readable
      }
    }
    states.get(e.node)!.push({ timeUs: e.timeUs, look: sentinelLook(state.get(e.node)!) });
  }
  return {
    title: 'Sentinel: the master each names, what it sees down, failovers (marks: leader, failover-end, switch-master, convert-to-slave)',
    rows: nodes.map((n) => timelineRow(n, states.get(n)!, marks.get(n)!, endUs)),
  };
}

/** Both panels. */
export function sentinelPanels(options: SentinelPanelOptions): (run: RunArtifacts) => ModelPanel[] {
  return (run) => [redisRolesPanel(run, options), sentinelPanel(run, options)];
}
