/** The example models: a primary-backup set (unsafe failover), a quorum set, and their grow-only-set client. */
export { primaryBackupNode, type PrimaryBackupConfig } from './primary-backup.js';
export { quorumSetNode, type QuorumSetConfig } from './quorum-set.js';
export { setClient, type SetClientConfig } from './set-client.js';
export { isClientRequest, type ClientRequest, type ClientReply } from './messages.js';
