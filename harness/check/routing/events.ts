/**
 * What routed cache nodes report, as log lines: `routing-serving {json}` each time the set of keys a node
 * answers for changes (from then on it serves exactly those, under its view's membership epoch), and
 * `routing-view {json}` each time it adopts a membership view (the members, and every key's owner in the
 * ring of that view, in the order of the scenario's key space), and `routing-served {json}` for each
 * request it answered (the key, the client).
 */
import type { LogLine } from '../../sim/simulation.js';

export const ROUTING_SERVING_LOG = 'routing-serving ';
export const ROUTING_VIEW_LOG = 'routing-view ';
export const ROUTING_SERVED_LOG = 'routing-served ';

export interface ServingChange { node: string; timeUs: number; epoch: number; keys: string[] }
export interface ServedRequest { node: string; timeUs: number; key: string; client: string }
export interface ViewAdoption { node: string; timeUs: number; epoch: number; members: string[]; owners: string[] }

export function routingServingLine(epoch: number, keys: readonly string[]): string {
  return `${ROUTING_SERVING_LOG}${JSON.stringify({ epoch, keys })}`;
}

export function routingViewLine(epoch: number, members: readonly string[], owners: readonly string[]): string {
  return `${ROUTING_VIEW_LOG}${JSON.stringify({ epoch, members, owners })}`;
}

export function routingServedLine(key: string, client: string): string {
  return `${ROUTING_SERVED_LOG}${JSON.stringify({ key, client })}`;
}

function parsed<T>(logs: readonly LogLine[], prefix: string): (T & { node: string; timeUs: number })[] {
  return logs.filter((l) => l.message.startsWith(prefix)).map((l) => ({ ...(JSON.parse(l.message.slice(prefix.length)) as T), node: l.node, timeUs: l.timeUs }));
}

export const servingChanges = (logs: readonly LogLine[]): ServingChange[] => parsed<{ epoch: number; keys: string[] }>(logs, ROUTING_SERVING_LOG);
export const viewAdoptions = (logs: readonly LogLine[]): ViewAdoption[] => parsed<{ epoch: number; members: string[]; owners: string[] }>(logs, ROUTING_VIEW_LOG);
export const servedRequests = (logs: readonly LogLine[]): ServedRequest[] => parsed<{ key: string; client: string }>(logs, ROUTING_SERVED_LOG);
