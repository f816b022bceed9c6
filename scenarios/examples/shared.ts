import { setClient, type SetClientConfig } from '../../models/examples/set-client.js';

export const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
export const CLIENTS = ['c1', 'c2', 'c3'];
export const CLIENT_CONFIG: SetClientConfig = { timeoutMs: 50, thinkMs: 10, settleMs: 500 };

export function setClients(config: SetClientConfig) {
  return CLIENTS.map((id, i) => ({ id, workload: setClient(config, i) }));
}
