import type { Scheduled } from './event-queue.js';
import type { Envelope, TimedAction } from './types.js';

/** What an event does when its time comes. Numbers, not strings: the dispatch switch is the hot path. */
export const EventKind = {
  Deliver: 0,
  Timer: 1,
  Fault: 2,
  ClientStart: 3,
  ClientWake: 4,
  CallTimeout: 5,
  Harness: 6,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

export const EVENT_KIND_NAMES = ['deliver', 'timer', 'fault', 'client-start', 'client-wake', 'call-timeout', 'harness'];

/**
 * A timer on an endpoint's monotonic clock; `event` is the live queue entry (re-made when the drift changes).
 * Once the timer fires or is cancelled, `event` is DETACHED: the kernel recycles event objects, so a
 * finished timer must not keep (and later mark) one. `prev` / `next` / `owner` belong to the endpoint's
 * TimerList (no Set churn on the hot path).
 */
export interface TimerRecord {
  readonly id: number;
  readonly payload: unknown;
  readonly monoDeadlineUs: number;
  event: SimEvent;
  prev: TimerRecord | null;
  next: TimerRecord | null;
  /** The list the timer is in, if any (a handle passed to another endpoint's cancelTimer must not touch this one). */
  owner: TimerList | null;
}

/**
 * Queue entry. Objects are recycled by the kernel (see Simulation.#recycle), so every field is mutable and
 * `init` resets all of them; one shape for every kind keeps the dispatch path monomorphic.
 */
export class SimEvent implements Scheduled {
  timeUs: number;
  seq = 0;
  kind: EventKind;
  /** Target endpoint index. */
  node: number;
  /** The target's incarnation when the event was made: a later incarnation never sees it. */
  incarnation: number;
  cancelled = false;
  envelope: Envelope | null = null;
  fromIndex = -1;
  linkEpoch = 0;
  timer: TimerRecord | null = null;
  action: TimedAction | null = null;
  harness: (() => void) | null = null;
  /** Free-list link while the event is recycled. */
  nextFree: SimEvent | null = null;

  constructor(timeUs: number, kind: EventKind, node: number, incarnation: number) {
    this.timeUs = timeUs;
    this.kind = kind;
    this.node = node;
    this.incarnation = incarnation;
  }

  init(timeUs: number, kind: EventKind, node: number, incarnation: number): this {
    this.timeUs = timeUs;
    this.seq = 0;
    this.kind = kind;
    this.node = node;
    this.incarnation = incarnation;
    this.cancelled = false;
    this.envelope = null;
    this.fromIndex = -1;
    this.linkEpoch = 0;
    this.timer = null;
    this.action = null;
    this.harness = null;
    this.nextFree = null;
    return this;
  }
}

/** What a finished (fired or cancelled) timer points at: never queued, never recycled, always cancelled. */
export const DETACHED_EVENT = new SimEvent(0, EventKind.Timer, -1, 0);
DETACHED_EVENT.cancelled = true;

/** An endpoint's pending timers in creation order: an intrusive doubly linked list (add, delete, clear in O(1), no allocation). */
export class TimerList {
  head: TimerRecord | null = null;
  tail: TimerRecord | null = null;
  size = 0;

  add(timer: TimerRecord): void {
    if (timer.owner !== null) return;
    timer.owner = this;
    timer.prev = this.tail;
    timer.next = null;
    if (this.tail === null) this.head = timer;
    else this.tail.next = timer;
    this.tail = timer;
    this.size++;
  }

  /** Removes a timer if it is in the list (a no-op for one that already fired or was cancelled). */
  delete(timer: TimerRecord): void {
    if (timer.owner !== this) return;
    timer.owner = null;
    const { prev, next } = timer;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    timer.prev = null;
    timer.next = null;
    this.size--;
  }

  clear(): void {
    let t = this.head;
    while (t !== null) {
      const next = t.next;
      t.owner = null;
      t.prev = null;
      t.next = null;
      t = next;
    }
    this.head = null;
    this.tail = null;
    this.size = 0;
  }
}

/** One line of the readable trace (`recordTrace`): when, what kind, where (`-` for the harness) and what. */
export function describeEvent(event: SimEvent, where: string): string {
  let what = '';
  if (event.envelope !== null) what = `from ${event.envelope.from} #${event.envelope.id} ${safeJson(event.envelope.body)}`;
  else if (event.timer !== null) what = `timer #${event.timer.id}${event.kind === EventKind.Timer ? ` ${safeJson(event.timer.payload)}` : ''}`;
  else if (event.action !== null) what = event.action.label;
  return `${(event.timeUs / 1000).toFixed(3)}ms ${EVENT_KIND_NAMES[event.kind]} ${where} ${what}`;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? 'undefined';
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
