/**
 * Deep-freezes a message body as it is sent (SimulationOptions.freezeSentBodies): a real network copies a
 * message's bytes, so a model that changes a body after sending it is unfaithful (its receiver would see the
 * sender's later state). Once frozen, such a change throws in the sender's handler. Maps and Sets cannot be
 * frozen against set/add/delete (their contents are frozen), nor typed arrays with elements (left as they are).
 */
export function freezeBody(value: unknown): void {
  if (typeof value !== 'object' || value === null || deepFrozen.has(value) || ArrayBuffer.isView(value)) return;
  // Marked first, so a body that reaches itself ends. An object frozen by the model (Object.freeze is
  // shallow) is still walked: what it holds may not be.
  deepFrozen.add(value);
  Object.freeze(value);
  if (value instanceof Map) {
    for (const [key, item] of value) {
      freezeBody(key);
      freezeBody(item);
    }
  } else if (value instanceof Set) {
    for (const item of value) freezeBody(item);
  } else {
    // Every own data property, symbol keys too; a getter is not called (it holds no value, and it is model code).
    for (const key of Reflect.ownKeys(value)) {
      const property = Object.getOwnPropertyDescriptor(value, key);
      if (property !== undefined && 'value' in property) freezeBody(property.value);
    }
  }
}

/** Objects freezeBody froze with everything they hold (a body sent again, or shared by bodies, is walked once). */
const deepFrozen = new WeakSet<object>();

/** Whether an error is what changing a frozen body throws (a TypeError from strict-mode code). */
export function isFrozenWrite(error: unknown): boolean {
  return error instanceof TypeError && /read[- ]only|not extensible|Cannot delete|frozen/i.test(error.message);
}
