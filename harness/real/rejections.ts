/**
 * Which promises of a real process were rejected with no handler, learned synchronously.
 *
 * Node learns of an unhandled rejection from V8 at once, but acts on it only when the host's own tick
 * queue runs (after the current host macrotask), a moment that depends on the host's scheduling and not
 * on the run: a verdict or a handler call decided there would differ between two runs of the same seed,
 * and the rejection would reach the host's own handlers. So each realm watches its promises with V8's
 * promise hooks (`v8.promiseHooks`, which cover vm contexts): a promise settled with no handler is a
 * candidate; a promise created with a parent gives that parent a handler (`then`, `catch`, `await`,
 * `Promise.all` all create one), except the promise an `await` of a value that is not a promise wraps
 * the value in: its parent is the awaiting async function's promise, and it is the one promise settled
 * at birth (no reaction job between, where a `then`'s promise settles only in its job). The realm examines its candidates after each of its macrotasks, once
 * its ticks and microtasks have drained (where Node would process rejections), inside the context: the
 * ones that turn out rejected are its unhandled rejections, and the handler the realm attaches to read
 * them takes them away from the host before the host ever looks. (An `await` of a thenable that is not
 * a native promise wraps it in a promise not settled at birth, taken for a handler of the awaiting
 * function's promise: that function's own unhandled rejection is then missed, never invented.)
 *
 * A promise belongs to the realm whose `Promise.prototype` is on its prototype chain: promises made in
 * a vm context (async functions included) have that context's intrinsic Promise.
 */
import { promiseHooks } from 'node:v8';

/** The candidates of one realm, in the order they settled. */
export class RejectionWatch {
  settled: Promise<unknown>[] = [];
  /** While the realm reads its candidates, the promises it makes for that are not candidates. */
  muted = false;

  /** Candidates since the last call that still have no handler (the list starts over). */
  take(): Promise<unknown>[] {
    givePendingHandler();
    const out = this.settled.filter((p) => !handled.has(p));
    this.settled = [];
    return out;
  }
}

const watches = new WeakMap<object, RejectionWatch>();
const handled = new WeakSet<object>();
const HOST_PROMISE_PROTOTYPE = Promise.prototype;
let hooked = false;
/** The last promise created with a parent of a realm: the parent has a handler unless it settles at birth. */
let bornChild: Promise<unknown> | null = null;
let bornParent: Promise<unknown> | null = null;

function givePendingHandler(): void {
  if (bornParent !== null) handled.add(bornParent);
  bornChild = null;
  bornParent = null;
}

function watchOf(promise: Promise<unknown>): RejectionWatch | undefined {
  for (let proto = Object.getPrototypeOf(promise); proto !== null && proto !== HOST_PROMISE_PROTOTYPE; proto = Object.getPrototypeOf(proto)) {
    const watch = watches.get(proto);
    if (watch !== undefined) return watch;
  }
  return undefined;
}

/** Starts watching the promises whose prototype chain holds `promisePrototype` (a context's intrinsic one). */
export function watchRejections(promisePrototype: object): RejectionWatch {
  if (!hooked) {
    hooked = true;
    // Hooks stay on once a real process has run: they cost a lookup per promise, change no behaviour.
    promiseHooks.createHook({
      init(promise, parent) {
        givePendingHandler();
        if (parent !== undefined && watchOf(parent) !== undefined) {
          bornChild = promise;
          bornParent = parent;
        }
      },
      before: givePendingHandler,
      settled(promise) {
        if (promise === bornChild) bornChild = bornParent = null; // an await's wrapper
        else givePendingHandler();
        const watch = watchOf(promise);
        if (watch !== undefined && !watch.muted && !handled.has(promise)) watch.settled.push(promise);
      },
    });
  }
  const watch = new RejectionWatch();
  watches.set(promisePrototype, watch);
  return watch;
}
