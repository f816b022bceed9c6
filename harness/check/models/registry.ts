import type { AnyModel } from '../linearizability/model.js';
import { casRegisterModel } from './cas-register.js';
import { logModel, mutexModel, queueModel, setModel } from './collections.js';
import { kvMapModel, kvModel } from './kv.js';
import { registerModel } from './register.js';

/** Built-in models by the name the CLI takes. */
export const models: Readonly<Record<string, AnyModel>> = {
  register: registerModel,
  'cas-register': casRegisterModel,
  kv: kvModel,
  'kv-map': kvMapModel,
  set: setModel,
  queue: queueModel,
  log: logModel,
  mutex: mutexModel,
};

export function modelByName(name: string): AnyModel | undefined {
  return Object.hasOwn(models, name) ? models[name] : undefined;
}
