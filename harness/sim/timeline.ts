import type { Endpoint } from './endpoint.js';
import type { Envelope, NodeId } from './types.js';

/** One message's life, for the report's message-flow diagram. */
export interface MessageRecord {
  id: number;
  from: NodeId;
  to: NodeId;
  sentUs: number;
  /** When it was handed to the receiver, or null if it never was. */
  deliveredUs: number | null;
  /** `delivered`, `in-flight` (run ended first), `lost`, or why it was dropped. */
  fate: 'delivered' | 'in-flight' | 'lost' | 'partition' | 'reset' | 'down' | 'stale';
  /** The body's `type` field when it has one. */
  type: string;
  inReplyTo?: number;
}

/** Clock readings of one endpoint at one true instant; clocks are linear between samples. */
export interface ClockSample {
  timeUs: number;
  node: NodeId;
  wallMs: number;
  monotonicMs: number;
}

/** Reads an endpoint's local clocks at the current true time (the kernel). */
export interface ClockReader {
  monotonicMs(ep: Endpoint): number;
  wallMs(ep: Endpoint): number;
}

/**
 * What the reports draw from a run: every message's fate and the clocks at chosen instants.
 * The kernel calls it only when `recordTimeline` is on.
 */
export class Timeline {
  readonly messages: MessageRecord[] = [];
  readonly clockSamples: ClockSample[] = [];

  /** A message left its sender at `nowUs`; `lost` when the network dropped every copy. Ids must come 1, 2, 3... */
  recordMessage(envelope: Envelope, lost: boolean, nowUs: number): void {
    const type = (envelope.body as { type?: unknown } | null)?.type;
    const record: MessageRecord = {
      id: envelope.id, from: envelope.from, to: envelope.to, sentUs: nowUs, deliveredUs: null,
      fate: lost ? 'lost' : 'in-flight', type: typeof type === 'string' ? type : typeof envelope.body,
    };
    if (envelope.inReplyTo !== undefined) record.inReplyTo = envelope.inReplyTo;
    this.messages.push(record);
  }

  /** Marks what happened to a message the first time one of its copies reaches the receiver. */
  messageFate(envelope: Envelope, fate: MessageRecord['fate'], nowUs: number): void {
    // Message ids are 1, 2, 3... in send order, and the kernel records every sent message (dropped ones too).
    const record = this.messages[envelope.id - 1];
    if (record === undefined || record.fate !== 'in-flight') return;
    record.fate = fate;
    if (fate === 'delivered') record.deliveredUs = nowUs;
  }

  /** Samples every endpoint's clocks at `nowUs`, in endpoint order. */
  sampleClocks(endpoints: readonly Endpoint[], clocks: ClockReader, nowUs: number): void {
    for (const ep of endpoints) {
      this.clockSamples.push({ timeUs: nowUs, node: ep.id, wallMs: clocks.wallMs(ep), monotonicMs: clocks.monotonicMs(ep) });
    }
  }
}
