/**
 * A zxid is a 64-bit number in ZooKeeper: the leader's epoch in the high 32 bits and a counter in the low
 * 32. Here it is a JS number `epoch * 2^32 + counter`, exact while epoch < 2^21 (far beyond any run).
 */
const TWO_32 = 0x1_0000_0000;

export function makeZxid(epoch: number, counter: number): number {
  return epoch * TWO_32 + counter;
}

export function epochOf(zxid: number): number {
  return Math.floor(zxid / TWO_32);
}

export function counterOf(zxid: number): number {
  return zxid % TWO_32;
}

/** "0x3_0000000a" reads badly; "3:10" reads like the ZAB paper's ⟨e, c⟩. */
export function showZxid(zxid: number): string {
  return `${epochOf(zxid)}:${counterOf(zxid)}`;
}
