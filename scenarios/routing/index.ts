/** Consistent-hash routing with ZooKeeper membership: serving by the last view, and leased with handoff. */
import { routingLeased } from './leased.js';
import { routingPartitionedMember } from './partitioned-member.js';

export const ROUTING_SCENARIOS = [routingPartitionedMember, routingLeased];
