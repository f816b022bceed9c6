/** Real client code (node-zookeeper-client) against the ZooKeeper model over jute. */
export { REAL_ZOOKEEPER_SCENARIOS, realZkLockFencedServerFaults, realZkLockPausedHolder, realZkLockPausedHolderFenced } from './scenarios.js';
