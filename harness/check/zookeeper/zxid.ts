/** A zxid as `epoch:counter` (its high and low 32 bits), the way checker explanations and anomalies print it. */
export function showZxid(zxid: number): string {
  return `${Math.floor(zxid / 2 ** 32)}:${zxid % 2 ** 32}`;
}
