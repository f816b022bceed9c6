import { enterSimulatedCode, holdGuard, leaveSimulatedCode, type Where } from '../guard/runtime-guard.js';
import { HistoryRecorder } from '../history/recorder.js';
import type { History } from '../history/types.js';
import { ClientRuntime, type ClientKernel } from './client.js';
import { createEndpoint, type Endpoint } from './endpoint.js';
import { EventQueue } from './event-queue.js';
import { SimulationError } from './errors.js';
import { DETACHED_EVENT, EventKind, SimEvent, describeEvent, type TimerRecord } from './events.js';
import { makeFaultTarget } from './fault-target.js';
import { freezeBody, isFrozenWrite } from './freeze-body.js';
import { DEFAULT_LINK, Network } from './network.js';
import { makeNodeContext, type NodeServices } from './node-context.js';
import type { LogLine, Note, SimStats, SimulationOptions } from './options.js';
import { Rng } from './rng.js';
import { SettleTurns } from './settle-turns.js';
import type { NodeStorage } from './storage.js';
import { Timeline, type ClockSample, type MessageRecord } from './timeline.js';
import { TraceHash } from './trace-hash.js';
import type { ClientWorkload, Envelope, FaultTarget, NodeContext, NodeFactory, NodeId, StopReason, TimedAction } from './types.js';

export { SimulationError } from './errors.js';
export type { LogLine, Note, SimStats, SimulationOptions } from './options.js';
export type { ClockSample, MessageRecord } from './timeline.js';

/** The bounds and settlement of the `run` call in progress. */
interface ActiveRun {
  readonly untilUs: number;
  readonly maxEvents: number;
  readonly resolve: (reason: StopReason) => void;
  readonly reject: (error: unknown) => void;
  readonly releaseGuard: () => void;
}

const DEFAULT_WALL_EPOCH_MS = 1_767_225_600_000;

/**
 * The discrete-event kernel: virtual time, the event queue, endpoints (servers and clients), clocks,
 * network, storage and fault injection. A run is a pure function of its options.
 */
export class Simulation implements ClientKernel {
  nowUs = 0;
  stopping = false;
  readonly recorder: HistoryRecorder;
  readonly serverIds: readonly NodeId[];
  readonly clientIds: readonly NodeId[];
  readonly network: Network;
  readonly logs: LogLine[] = [];
  readonly notes: Note[] = [];
  readonly coverage = new Map<string, number>();
  readonly trace: string[] = [];
  /** Every message's fate (only with `recordTimeline`). */
  readonly messages: MessageRecord[];
  /** The clocks at the start, around every fault and at the end of each run (only with `recordTimeline`). */
  readonly clockSamples: ClockSample[];
  /** Errors thrown by client workloads (a model or workload bug): the runner fails the seed with them. */
  readonly clientErrors: { node: NodeId; error: unknown }[] = [];
  readonly faultTarget: FaultTarget;

  readonly #options: SimulationOptions;
  readonly #queue = new EventQueue<SimEvent>();
  readonly #endpoints: Endpoint[] = [];
  readonly #index = new Map<NodeId, number>();
  readonly #hash = new TraceHash();
  readonly #wallEpochUs: number;
  readonly #buggifyRng: Rng;
  readonly #maxLogLines: number;
  readonly #workloads: (ClientWorkload | null)[] = [];
  readonly #timeline = new Timeline();
  /** Kernel services a node context reaches that are not part of the kernel's surface. */
  readonly #nodeServices: NodeServices = {
    log: (ep, message) => this.#log(ep, message),
    buggify: (probability) => this.#options.buggify === true && this.#buggifyRng.chance(probability),
  };
  #events = 0;
  #nextMessageId = 1;
  #nextTimerId = 1;
  #timersFired = 0;
  #faultsApplied = 0;
  #droppedLogLines = 0;
  #stopRequested = false;
  #current: Endpoint | null = null;
  /** Names the code running inside this kernel's event loop, for the determinism guard. */
  readonly #where: Where = () => (this.#current ? `the simulation, in ${this.#current.id}` : 'the simulation');
  #resumed: ClientRuntime | null = null;
  #started = false;
  /** The run in progress (see run). */
  #run: ActiveRun | null = null;
  /** Drives #advance from callbacks, giving resumed client workloads their microtask turns between events. */
  readonly #turns = new SettleTurns({
    advance: () => this.#advanceGuarded(),
    stopRequested: () => this.#stopRequested,
    settled: (runtime) => this.#clientSettled(runtime),
    end: (reason, error) => this.#endRun(reason, error),
  });
  readonly #scheduleAction = (action: TimedAction): void => this.schedule(action);
  /** Recycled events (see #recycle): the hot path allocates no SimEvent once the queue has reached its working size. */
  #freeEvents: SimEvent | null = null;

  constructor(options: SimulationOptions) {
    this.#options = options;
    this.#wallEpochUs = (options.wallEpochMs ?? DEFAULT_WALL_EPOCH_MS) * 1000;
    this.#maxLogLines = options.maxLogLines ?? 10_000;
    this.messages = this.#timeline.messages;
    this.clockSamples = this.#timeline.clockSamples;
    const seed = options.seed;
    const clients = options.clients ?? [];
    const all = [...options.servers.map((s) => s.id), ...clients.map((c) => c.id)];
    for (const [i, id] of all.entries()) {
      if (typeof id !== 'string' || id === '' || id === '*') throw new SimulationError(`node id ${JSON.stringify(id)} is not a usable name`);
      if (this.#index.has(id)) throw new SimulationError(`node id "${id}" is used twice`);
      this.#index.set(id, i);
    }
    for (const id of Object.keys(options.clocks ?? {})) this.#indexOf(id, 'clocks');
    this.serverIds = options.servers.map((s) => s.id);
    this.clientIds = clients.map((c) => c.id);
    this.recorder = new HistoryRecorder(clients.length);
    this.recorder.useClock(() => this.nowUs);
    this.#buggifyRng = new Rng(seed, 'buggify');
    this.network = new Network(all, { ...DEFAULT_LINK, ...options.link }, options.fifo ?? true, new Rng(seed, 'net'));

    for (const [i, id] of all.entries()) {
      const server = i < options.servers.length ? options.servers[i] : undefined;
      const clientIndex = server ? -1 : i - options.servers.length;
      this.#endpoints.push(createEndpoint(i, id, server !== undefined, server?.factory ?? null, clientIndex, options.clocks?.[id] ?? {}, seed));
      this.#workloads.push(server ? null : (clients[clientIndex]?.workload ?? null));
    }
    this.faultTarget = makeFaultTarget({
      serverIds: this.serverIds,
      clientIds: this.clientIds,
      network: this.network,
      recorder: this.recorder,
      now: () => this.nowUs,
      allIndices: () => this.#endpoints.map((e) => e.index),
      indexOf: (id, field) => this.#indexOf(id, field),
      endpoint: (id, field) => this.#endpoint(id, field),
      push: (event) => this.#queue.push(event),
      armTimer: (ep, timer, kind) => this.#armTimer(ep, timer, kind),
      boot: (ep) => this.#boot(ep),
    });
    for (const action of options.faults ?? []) this.schedule(action);
  }

  get events(): number {
    return this.#events;
  }

  get history(): History {
    return this.recorder.ops;
  }

  traceHash(): string {
    return this.#hash.digest();
  }

  /** Schedules a fault (or any action on the fault target) at its true time. */
  schedule(action: TimedAction): void {
    if (!Number.isInteger(action.atUs) || action.atUs < 0) {
      throw new SimulationError(`fault "${action.label}": time ${action.atUs} µs must be a non-negative integer`);
    }
    // A fault scheduled in the past (mid-run) applies now: true time never moves backwards.
    const event = new SimEvent(Math.max(this.nowUs, action.atUs), EventKind.Fault, -1, 0);
    event.action = action;
    this.#queue.push(event);
  }

  /** Runs a harness callback (a phase change, a final read) at true time `atMs`. */
  at(atMs: number, label: string, callback: () => void): void {
    const event = new SimEvent(Math.max(this.nowUs, Math.round(atMs * 1000)), EventKind.Harness, -1, 0);
    event.harness = callback;
    event.action = { atUs: event.timeUs, label, apply: () => {} };
    this.#queue.push(event);
  }

  /** Asks clients to wind down (`ctx.stopping`); the runner calls it when the nemesis phase ends. */
  setStopping(): void {
    this.stopping = true;
  }

  /** Ends the current `run` after the event being handled. */
  stop(): void {
    this.#stopRequested = true;
  }

  /** The live state machine of a server (for checkers and reports), or null while it is down. */
  nodeState<T = unknown>(id: NodeId): T | null {
    return this.#endpoint(id, 'nodeState').behavior as T | null;
  }

  storageOf(id: NodeId): NodeStorage {
    return this.#endpoint(id, 'storageOf').storage;
  }

  isUp(id: NodeId): boolean {
    return this.#endpoint(id, 'isUp').up;
  }

  /** Local clock readings of an endpoint at the current true time (ms). */
  clockOf(id: NodeId): { wallMs: number; monotonicMs: number; driftPpm: number } {
    const ep = this.#endpoint(id, 'clockOf');
    return { wallMs: this.wallMs(ep), monotonicMs: this.monotonicMs(ep), driftPpm: ep.clock.driftPpm };
  }

  /**
   * Runs events until true time passes `untilMs`, the event limit, quiescence (nothing left to run) or `stop()`.
   * Returns why it stopped; time is left at `untilMs` when the limit was time.
   */
  run(untilMs = Number.POSITIVE_INFINITY): Promise<StopReason> {
    return new Promise<StopReason>((resolve, reject) => {
      const untilUs = untilMs === Number.POSITIVE_INFINITY ? untilMs : Math.round(untilMs * 1000);
      const maxEvents = this.#options.maxEvents ?? Number.POSITIVE_INFINITY;
      const releaseGuard = holdGuard();
      this.#stopRequested = false;
      this.#run = { untilUs, maxEvents, resolve, reject, releaseGuard };
      try {
        if (!this.#started) this.#startGuarded();
      } catch (error) {
        this.#endRun(null, error);
        return;
      }
      this.#turns.pump();
    });
  }

  /** Starts the system (every node's init runs here) as simulated code for the determinism guard. */
  #startGuarded(): void {
    const outside = enterSimulatedCode(this.#where);
    try {
      this.#start();
      if (this.#options.recordTimeline) this.#sampleClocks();
    } finally {
      leaveSimulatedCode(outside);
    }
  }

  /**
   * #advance as simulated code for the determinism guard: node handlers, timers, faults, harness
   * callbacks and the start of a client workload all run synchronously inside it. Clients' continuations
   * run later, in microtasks, each in its own window (see ClientRuntime).
   */
  #advanceGuarded(): StopReason | ClientRuntime {
    const outside = enterSimulatedCode(this.#where);
    try {
      return this.#advance();
    } finally {
      leaveSimulatedCode(outside);
    }
  }

  /** Runs events until the run is over (returns why) or an event resumed a client (returns it, for the settle turns). */
  #advance(): StopReason | ClientRuntime {
    const run = this.#run as ActiveRun;
    const untilUs = run.untilUs;
    const queue = this.#queue;
    for (;;) {
      const next = queue.peek();
      if (next === undefined) return 'quiescent';
      if (next.timeUs > untilUs) {
        this.nowUs = Math.max(this.nowUs, untilUs);
        return 'time-limit';
      }
      if (this.#events >= run.maxEvents) return 'event-limit';
      queue.pop();
      if (next.cancelled) {
        // Cancelled events are only ever timer events whose record has let go of them (DETACHED_EVENT).
        this.#recycle(next);
        continue;
      }
      this.nowUs = next.timeUs;
      if (this.#dispatch(next)) this.#recycle(next);
      const runtime = this.#resumed;
      if (runtime !== null) {
        // The resumed client workload runs to its next await (see SettleTurns) before the kernel moves on.
        this.#resumed = null;
        return runtime;
      }
      if (this.#stopRequested) return 'stopped';
    }
  }

  /** Ends the active run: resolves it with `reason`, or rejects it with `error` when `reason` is null. */
  #endRun(reason: StopReason | null, error: unknown): void {
    const run = this.#run as ActiveRun;
    this.#run = null;
    try {
      this.#current = null;
      if (this.#options.recordTimeline) this.#sampleClocks();
    } catch (finallyError) {
      // As a throwing `finally` block would: its error replaces the outcome.
      run.releaseGuard();
      run.reject(finallyError);
      return;
    }
    run.releaseGuard();
    if (reason !== null) run.resolve(reason);
    else run.reject(error);
  }

  stats(): SimStats {
    let fsyncs = 0;
    for (const ep of this.#endpoints) fsyncs += ep.storage.fsyncCount;
    return {
      events: this.#events, timeUs: this.nowUs, network: this.network.stats, timersFired: this.#timersFired,
      faultsApplied: this.#faultsApplied, fsyncs, droppedLogLines: this.#droppedLogLines,
    };
  }

  // ---- ClientKernel ----

  send(from: Endpoint, to: NodeId, body: unknown, inReplyTo?: number): number {
    const target = this.#index.get(to);
    if (target === undefined) {
      throw new SimulationError(`${from.id} sent a message to unknown node "${to}" (known: ${[...this.#index.keys()].join(', ')})`);
    }
    if (this.#options.freezeSentBodies) freezeBody(body);
    const id = this.#nextMessageId++;
    const envelope: Envelope = inReplyTo === undefined ? { id, from: from.id, to, body } : { id, from: from.id, to, body, inReplyTo };
    const transit = this.network.transmit(from.index, target, this.nowUs);
    if (this.#options.recordTimeline) this.#timeline.recordMessage(envelope, transit.copies === 0, this.nowUs);
    if (transit.copies === 0) return id;
    const receiver = this.#endpoints[target] as Endpoint;
    this.#pushDelivery(transit.deliverAtUs, receiver, from.index, envelope, transit.linkEpoch);
    if (transit.copies === 2) this.#pushDelivery(transit.duplicateAtUs, receiver, from.index, envelope, transit.linkEpoch);
    return id;
  }

  startTimer(ep: Endpoint, kind: EventKind, delayMs: number, payload: unknown): TimerRecord {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new SimulationError(`${ep.id}: timer delay ${delayMs} ms must be a finite non-negative number`);
    const monoDeadlineUs = Math.floor(ep.clock.monotonicUs(this.nowUs)) + Math.round(delayMs * 1000);
    const timer: TimerRecord = {
      id: this.#nextTimerId++, payload, monoDeadlineUs, event: DETACHED_EVENT, prev: null, next: null, owner: null,
    };
    this.#armTimer(ep, timer, kind);
    ep.timers.add(timer);
    return timer;
  }

  cancelTimer(ep: Endpoint, timer: TimerRecord): void {
    // A timer that already fired or was cancelled points at DETACHED_EVENT: marking it is harmless.
    timer.event.cancelled = true;
    timer.event = DETACHED_EVENT;
    ep.timers.delete(timer);
  }

  monotonicMs(ep: Endpoint): number {
    return Math.floor(ep.clock.monotonicUs(this.nowUs)) / 1000;
  }

  wallMs(ep: Endpoint): number {
    return Math.floor(ep.clock.wallUs(this.nowUs) + this.#wallEpochUs) / 1000;
  }

  note(ep: Endpoint, kind: string, data: Record<string, unknown>): void {
    this.notes.push({ timeUs: this.nowUs, node: ep.id, kind, data });
  }

  cover(goal: string): void {
    this.coverage.set(goal, (this.coverage.get(goal) ?? 0) + 1);
  }

  /** Tells the point listener (if any); the point itself leaves no trace, so adding points to a model changes no run. */
  point(ep: Endpoint, name: string, detail?: string): void {
    this.#options.onPoint?.({ name, node: ep.id, detail, atUs: this.nowUs }, this.#scheduleAction);
  }

  // ---- internals ----

  #start(): void {
    this.#started = true;
    // Every server is up before any init runs, so messages sent from init reach their peers.
    const servers = this.#endpoints.filter((ep) => ep.kind === 'server');
    for (const ep of servers) this.#instantiate(ep);
    for (const ep of servers) this.#init(ep);
    const clients = this.#options.clients ?? [];
    for (const ep of this.#endpoints) {
      if (ep.kind !== 'client') continue;
      const startMs = clients[ep.clientIndex]?.startMs ?? 0;
      ep.up = true;
      ep.incarnation = 1;
      this.#queue.push(new SimEvent(Math.round(startMs * 1000), EventKind.ClientStart, ep.index, ep.incarnation));
    }
  }

  #boot(ep: Endpoint): void {
    this.#instantiate(ep);
    this.#init(ep);
  }

  #instantiate(ep: Endpoint): void {
    ep.up = true;
    ep.incarnation++;
    ep.behavior = (ep.factory as NodeFactory)(ep.id);
    ep.ctx = makeNodeContext(this, this.#nodeServices, ep);
  }

  #init(ep: Endpoint): void {
    this.#hash.ints(0xb007, ep.index, ep.incarnation);
    this.#runIn(ep, () => ep.behavior?.init?.(ep.ctx as NodeContext));
  }

  /** Samples every endpoint's clocks now (reports draw clocks as linear between samples). */
  #sampleClocks(): void {
    this.#timeline.sampleClocks(this.#endpoints, this, this.nowUs);
  }

  /** Marks what happened to a message the first time one of its copies reaches the receiver. */
  #messageFate(envelope: Envelope, fate: MessageRecord['fate']): void {
    if (this.#options.recordTimeline) this.#timeline.messageFate(envelope, fate, this.nowUs);
  }

  #log(ep: Endpoint, message: string): void {
    if (this.logs.length >= this.#maxLogLines) this.#droppedLogLines++;
    else this.logs.push({ timeUs: this.nowUs, node: ep.id, message });
  }

  #pushDelivery(atUs: number, receiver: Endpoint, fromIndex: number, envelope: Envelope, linkEpoch: number): void {
    const event = this.#event(atUs, EventKind.Deliver, receiver.index, receiver.incarnation);
    event.envelope = envelope;
    event.fromIndex = fromIndex;
    event.linkEpoch = linkEpoch;
    this.#queue.push(event);
  }

  #armTimer(ep: Endpoint, timer: TimerRecord, kind: EventKind): void {
    const event = this.#event(ep.clock.trueTimeAtMonotonic(timer.monoDeadlineUs, this.nowUs), kind, ep.index, ep.incarnation);
    event.timer = timer;
    timer.event = event;
    this.#queue.push(event);
  }

  /** Runs one event; returns true when nothing refers to it any more (it may be recycled), false if it was deferred or is kept. */
  #dispatch(event: SimEvent): boolean {
    if (event.kind === EventKind.Fault || event.kind === EventKind.Harness) {
      this.#record(event);
      const action = event.action as TimedAction;
      if (event.kind === EventKind.Fault) {
        this.#faultsApplied++;
        if (this.#options.recordTimeline) this.#sampleClocks();
        try {
          action.apply(this.faultTarget);
        } catch (error) {
          throw new SimulationError(`fault "${action.label}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        if (this.#options.recordTimeline) this.#sampleClocks();
      } else {
        event.harness?.();
      }
      return false;
    }
    const ep = this.#endpoints[event.node] as Endpoint;
    if (!ep.up || ep.incarnation !== event.incarnation) {
      if (event.kind === EventKind.Deliver) {
        const reason = ep.up ? 'stale' : 'down';
        this.network.stats.dropped[reason]++;
        this.#messageFate(event.envelope as Envelope, reason);
        return true;
      }
      return false;
    }
    if (event.kind === EventKind.Deliver) {
      const refused = this.network.refusal(event.fromIndex, event.node, event.linkEpoch);
      if (refused !== null) {
        this.#messageFate(event.envelope as Envelope, refused);
        return true;
      }
    }
    if (ep.paused) {
      ep.deferred.push(event);
      return false;
    }
    this.#record(event);
    switch (event.kind) {
      case EventKind.Deliver: {
        this.network.stats.delivered++;
        const envelope = event.envelope as Envelope;
        this.#messageFate(envelope, 'delivered');
        if (ep.client !== null) {
          if (ep.client.deliver(envelope)) this.#resumed = ep.client;
        } else {
          this.#callNode(ep, envelope, null);
        }
        return true;
      }
      case EventKind.Timer: {
        const timer = this.#takeFiredTimer(ep, event);
        this.#timersFired++;
        this.#callNode(ep, null, timer);
        return true;
      }
      case EventKind.ClientStart: {
        const runtime = new ClientRuntime(this, ep);
        ep.client = runtime;
        this.#resumed = runtime;
        this.#current = ep; // the workload runs up to its first await right here: guard messages name the client
        runtime.start(this.#workloads[ep.index] as ClientWorkload);
        this.#current = null;
        return true;
      }
      case EventKind.ClientWake: {
        const timer = this.#takeFiredTimer(ep, event);
        this.#resumed = ep.client;
        ep.client?.wake(timer.payload as () => void);
        return true;
      }
      case EventKind.CallTimeout: {
        const timer = this.#takeFiredTimer(ep, event);
        this.#resumed = ep.client;
        ep.client?.timeout(timer.payload as number);
        return true;
      }
    }
    return false;
  }

  /** Folds an executed event into the trace hash (and the readable trace when asked). */
  #record(event: SimEvent): void {
    this.#events++;
    const h = this.#hash;
    if (event.envelope !== null) {
      h.ints(event.timeUs, event.kind, event.node, event.fromIndex);
      h.int(event.envelope.id);
      h.value(event.envelope.body);
    } else if (event.timer !== null) {
      h.ints(event.timeUs, event.kind, event.node, event.timer.id);
      if (event.kind === EventKind.Timer) h.value(event.timer.payload);
    } else {
      h.ints(event.timeUs, event.kind, event.node);
      if (event.action !== null) h.str(event.action.label);
    }
    if (this.#options.recordTrace) this.trace.push(this.#describe(event));
  }

  #describe(event: SimEvent): string {
    return describeEvent(event, event.node >= 0 ? (this.#endpoints[event.node] as Endpoint).id : '-');
  }

  /** A timer's event is running: the endpoint no longer holds the timer, and the timer lets go of the event (it will be recycled). */
  #takeFiredTimer(ep: Endpoint, event: SimEvent): TimerRecord {
    const timer = event.timer as TimerRecord;
    ep.timers.delete(timer);
    timer.event = DETACHED_EVENT;
    return timer;
  }

  /** Hands a server one message or one timer (no closure: this is the hot path), naming it in any error. */
  #callNode(ep: Endpoint, envelope: Envelope | null, timer: TimerRecord | null): void {
    const behavior = ep.behavior;
    if (behavior === null) return;
    this.#current = ep;
    try {
      if (envelope !== null) behavior.onMessage(ep.ctx as NodeContext, envelope);
      else behavior.onTimer?.(ep.ctx as NodeContext, timer as TimerRecord);
    } catch (error) {
      throw this.#handlerError(ep, error);
    } finally {
      this.#current = null;
    }
  }

  #runIn(ep: Endpoint, handler: () => void): void {
    this.#current = ep;
    try {
      handler();
    } catch (error) {
      throw this.#handlerError(ep, error);
    } finally {
      this.#current = null;
    }
  }

  #handlerError(ep: Endpoint, error: unknown): SimulationError {
    let message = error instanceof Error ? error.message : String(error);
    if (this.#options.freezeSentBodies && isFrozenWrite(error)) {
      message += ' (message bodies are frozen once sent: a model must build a new body instead of changing one it sent)';
    }
    return new SimulationError(`${ep.id} threw at ${(this.nowUs / 1000).toFixed(3)} ms: ${message}`, { cause: error });
  }

  /** A resumed client is blocked on the kernel again or done: note a workload error. */
  #clientSettled(runtime: ClientRuntime): void {
    if (runtime.done && runtime.error !== null) this.#clientFailed(runtime);
  }

  #clientFailed(runtime: ClientRuntime): void {
    const ep = this.#endpoints.find((e) => e.client === runtime);
    this.clientErrors.push({ node: ep?.id ?? '?', error: runtime.error });
    runtime.error = null;
  }

  /** A new event, from the free list when it has one. */
  #event(timeUs: number, kind: EventKind, node: number, incarnation: number): SimEvent {
    const free = this.#freeEvents;
    if (free === null) return new SimEvent(timeUs, kind, node, incarnation);
    this.#freeEvents = free.nextFree;
    return free.init(timeUs, kind, node, incarnation);
  }

  /**
   * Returns an event to the free list. Only for events nothing refers to any more: popped and either
   * cancelled (its timer record already points at DETACHED_EVENT) or dispatched without being deferred
   * (timer events detach from their record when they fire).
   */
  #recycle(event: SimEvent): void {
    event.envelope = null;
    event.timer = null;
    event.action = null;
    event.harness = null;
    event.nextFree = this.#freeEvents;
    this.#freeEvents = event;
  }

  #indexOf(id: NodeId, field: string): number {
    const index = this.#index.get(id);
    if (index === undefined) throw new SimulationError(`${field}: unknown node "${id}" (known: ${[...this.#index.keys()].join(', ')})`);
    return index;
  }

  #endpoint(id: NodeId, field: string): Endpoint {
    return this.#endpoints[this.#indexOf(id, field)] as Endpoint;
  }
}
