/** Anything the kernel schedules: ordered by (time, insertion sequence) so ties resolve the same way every run. */
export interface Scheduled {
  timeUs: number;
  seq: number;
}

/** A binary min-heap on (timeUs, seq). Sequence numbers are assigned here, in insertion order. */
export class EventQueue<E extends Scheduled> {
  readonly #heap: E[] = [];
  #nextSeq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(event: E): void {
    event.seq = this.#nextSeq++;
    const heap = this.#heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as E;
      if (p.timeUs < event.timeUs || (p.timeUs === event.timeUs && p.seq < event.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  peek(): E | undefined {
    return this.#heap[0];
  }

  pop(): E | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let c = heap[left] as E;
      if (right < n) {
        const r = heap[right] as E;
        if (r.timeUs < c.timeUs || (r.timeUs === c.timeUs && r.seq < c.seq)) {
          child = right;
          c = r;
        }
      }
      if (last.timeUs < c.timeUs || (last.timeUs === c.timeUs && last.seq < c.seq)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
