/** ZooKeeper-specific checkers: agreement of committed logs, durability of commits, election safety. */
export { checkCommittedPrefixes, checkNoLostTxns, type LogEntry, type Divergence, type LostTxn } from './agreement.js';
export { checkOneLeaderPerEpoch } from './election-safety.js';
