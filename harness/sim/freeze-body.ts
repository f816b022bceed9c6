/**
 * Deep-freezes a message body as it is sent (SimulationOptions.freezeSentBodies): a real network copies a
 * message's bytes, so a model that changes a body after sending it is unfaithful (its receiver would see the
 * sender's later state). Once frozen, such a change throws in the sender's handler. Maps and Sets cannot be
 * frozen against set/add/delete (their contents are frozen), nor typed arrays with elements (left as they are).
 */
export function freezeBody(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  if (value instanceof Map) {
    for (const [key, item] of value) {
      freezeBody(key);
      freezeBody(item);
    }
  } else if (value instanceof Set) {
    for (const item of value) freezeBody(item);
  } else {
    for (const key of Object.keys(value)) freezeBody((value as Record<string, unknown>)[key]);
  }
}

/** Whether an error is what changing a frozen body throws (a TypeError from strict-mode code). */
export function isFrozenWrite(error: unknown): boolean {
  return error instanceof TypeError && /read[- ]only|not extensible|Cannot delete|frozen/i.test(error.message);
}
