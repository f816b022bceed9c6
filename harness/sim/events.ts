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

/** A timer on an endpoint's monotonic clock; `event` is the live queue entry (re-made when the drift changes). */
export interface TimerRecord {
  readonly id: number;
  readonly payload: unknown;
  readonly monoDeadlineUs: number;
  event: SimEvent;
}

export class SimEvent implements Scheduled {
  timeUs: number;
  seq = 0;
  readonly kind: EventKind;
  /** Target endpoint index. */
  readonly node: number;
  /** The target's incarnation when the event was made: a later incarnation never sees it. */
  readonly incarnation: number;
  cancelled = false;
  envelope: Envelope | null = null;
  fromIndex = -1;
  linkEpoch = 0;
  timer: TimerRecord | null = null;
  action: TimedAction | null = null;
  harness: (() => void) | null = null;

  constructor(timeUs: number, kind: EventKind, node: number, incarnation: number) {
    this.timeUs = timeUs;
    this.kind = kind;
    this.node = node;
    this.incarnation = incarnation;
  }
}
