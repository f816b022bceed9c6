import { faultsAtPoints } from '../../harness/index.js';
import { kip101Arbitrary, oneOf, quickCrashesArbitrary } from './nemesis.js';
import { BROKERS, CLIENT_DEFAULTS, KAFKA_SAFE, kafkaScenario } from './shared.js';

/**
 * Documented unsafe (fixed by KIP-101 / KIP-279): before 0.11 a follower truncated its log to its own
 * high watermark when it restarted or became a follower. The follower's HW lags the leader's by a fetch,
 * so a follower that restarts drops records the leader has already acknowledged; if the leader fails
 * before the follower fetches them again, the follower is elected and they are gone (KIP-101 scenario
 * 1), and replicas that come back in quick succession can end up with different records at one offset
 * (scenario 2). Everything else is the safe configuration (acks=all, min ISR 2, no unclean election,
 * fsync per append), so the truncation rule alone is to blame. Like the Kafka of that time (before
 * KIP-380, KAFKA-1120), the controller does not fence a broker that restarts within its session: with
 * KIP-631/KIP-380 fencing the restarted follower leaves the ISR and cannot be elected before catching up.
 */
export const kafkaHwTruncation = kafkaScenario({
  id: 'kafka/hw-truncation-pre-kip-101',
  description: 'Kafka before KIP-101: followers truncate to their high watermark; a restart followed by a leader crash loses acknowledged writes or diverges replicas.',
  tags: ['kafka', 'smoke', 'nightly'],
  expect: 'violation',
  config: { kafka: { ...KAFKA_SAFE, truncateToHighWatermark: true, fenceRestartedBrokers: false }, client: CLIENT_DEFAULTS },
  nemesis: {
    schedule: {},
    arbitrary: oneOf(
      { weight: 5, arbitrary: kip101Arbitrary(BROKERS[0]!, BROKERS[1]!) },
      { weight: 1, arbitrary: quickCrashesArbitrary(BROKERS) },
    ),
    // A broker crashes right after a follower truncated to its high watermark (before it fetches again), down past the session timeout.
    triggered: faultsAtPoints({ points: ['kafka-truncate-to-hw'], kinds: ['crash'], victims: BROKERS, durationMs: { min: 1700, max: 2500 }, maxDelayMs: 2 }),
  },
  seeds: { test: 6, nightly: 100 },
  coverage: [{ goal: 'kafka-truncate-to-hw', atLeast: 1 }],
});
