import { faultsAtPoints } from '../../harness/index.js';
import { leaderAloneArbitrary } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, KAFKA_SAFE, kafkaScenario } from './shared.js';

/**
 * Documented unsafe: with unclean.leader.election.enable, a replica outside the ISR may become leader
 * when no ISR member is alive, and whatever the ISR had acknowledged beyond its log is gone ("Unclean
 * leader election: What if they all die?", Kafka design docs). Here min.insync.replicas is 1: the
 * followers are cut off long enough to leave the ISR, the leader alone acknowledges acks=all writes,
 * then it crashes; an out-of-sync follower is elected, and the old leader truncates to it on return.
 */
export const kafkaUncleanElection = kafkaScenario({
  id: 'kafka/unclean-leader-election',
  description: 'Kafka, acks=all, min.insync.replicas=1, unclean leader election: an out-of-sync replica becomes leader and acknowledged writes vanish.',
  tags: ['kafka', 'smoke', 'nightly'],
  expect: 'violation',
  config: { kafka: { ...KAFKA_SAFE, minInsyncReplicas: 1, uncleanLeaderElection: true }, client: CLIENT_DEFAULTS },
  nemesis: {
    schedule: {},
    arbitrary: leaderAloneArbitrary(BROKERS[0]!, BROKERS.slice(1)),
    // The leader crashes once the controller shrank the ISR to one replica (it alone acknowledges), down past its fencing.
    triggered: faultsAtPoints({ points: ['kafka:isr-shrunk-to-one'], kinds: ['crash'], victims: [BROKERS[0]!], durationMs: { min: 1700, max: 3000 }, maxDelayMs: 50 }),
  },
  seeds: { test: 6, nightly: 100 },
  coverage: [{ goal: 'kafka-unclean-election', atLeast: 1 }, { goal: 'kafka-isr-shrink', atLeast: 1 }],
});
