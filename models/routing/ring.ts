/**
 * A consistent-hash ring with virtual nodes (Karger et al. 1997; ketama's layout): each member is placed at
 * `vnodes` points `hash("member#i")` on a 32-bit circle, and a key belongs to the first point at or after
 * `hash(key)`, wrapping around. A join takes about 1/n of the keys (from every member a little), a leave
 * hands the leaver's keys to the points after them; no other key moves. The hash is FNV-1a with MurmurHash3's
 * 32-bit finaliser (FNV alone clusters similar strings); ketama uses MD5, any well-mixed hash will do.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class HashRing {
  readonly #points: { at: number; member: string }[];

  /** The same members in any order give the same ring. */
  constructor(readonly members: readonly string[], vnodes: number) {
    this.#points = [...new Set(members)].flatMap((member) => Array.from({ length: vnodes }, (_, i) => ({ at: hash32(`${member}#${i}`), member })));
    // Ties (two points on one hash) go to the smaller member name, so order never matters.
    this.#points.sort((a, b) => a.at - b.at || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  }

  /** The key's owner, or null on an empty ring. */
  ownerOf(key: string): string | null {
    const points = this.#points;
    if (points.length === 0) return null;
    const h = hash32(key);
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((points[mid] as { at: number }).at < h) lo = mid + 1;
      else hi = mid;
    }
    return (points[lo === points.length ? 0 : lo] as { member: string }).member;
  }
}
