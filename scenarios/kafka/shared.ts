/**
 * What every Kafka scenario shares: one topic with one partition replicated on three brokers b1, b2, b3
 * (b1 the preferred and first leader), one controller `ctl`, and three producers adding unique values.
 * Checkers: no acknowledged add is lost (the final read is everything below the leader's high
 * watermark), and the replicas' logs agree below their high watermarks, with every live ISR member
 * holding the leader's log at the end. Liveness: after the heal a leader is elected and the ISR is full.
 *
 * Time scale. Kafka's timeouts are seconds: replica.lag.time.max.ms 30 s, broker.session.timeout.ms 9 s,
 * broker.heartbeat.interval.ms 2 s, replica.fetch.wait.max.ms 500 ms, request.timeout.ms 30 s. They are
 * scaled down here so a run covers several failovers in a few seconds of virtual time: lag 1 s,
 * session 1.5 s, heartbeat 250 ms, fetch 50 ms (the broker times out an acks=all produce after 1 s). The
 * orders that matter are kept: fetch << heartbeat << lag, session; network latency (1 ms) << fetch.
 * KAFKA_DEFAULT_RATIO_TIMING instead divides every default by 30, so the session stays shorter than the lag.
 */
import { checkLogAgreement, type ReplicaLog, type CheckResult, eventually, type LivenessCheck, type Phases, type RunArtifacts, type Scenario, type ScenarioChecker, type ScenarioSystem, type Simulation, type NodeId } from '../../harness/index.js';
import { kafkaProducer, type KafkaProducerConfig } from '../../models/kafka/client.js';
import { KafkaBroker, KafkaController, type KafkaConfig } from '../../models/kafka/index.js';
import { ACKNOWLEDGED_ADDS } from '../checkers.js';
import { observedKafka } from './last-replica-coverage.js';
import { kafkaPanels } from './panels.js';

export { ACKNOWLEDGED_ADDS };

export const BROKERS = ['b1', 'b2', 'b3'];
export const CONTROLLER = 'ctl';
export const CLIENTS = ['c1', 'c2', 'c3'];

export interface KafkaScenarioConfig {
  kafka: KafkaConfig;
  client: Omit<KafkaProducerConfig, 'brokers' | 'controller'>;
}

/** Nemesis 7 s (a few failovers at the scaled timeouts); quiesce 9 s: fencing (1.5 s), election, catch-up and ISR expansion, then the final read. */
export const KAFKA_PHASES: Phases = { nemesisMs: 7000, quiesceMs: 9000 };

/** The scaled timeouts (see the header), shared by every scenario. */
export const KAFKA_TIMING = { replicaLagTimeMaxMs: 1000, sessionTimeoutMs: 1500, heartbeatMs: 250, fetchWaitMs: 50 } as const;

/**
 * Kafka's defaults divided by 30: replica.lag.time.max.ms 30 s -> 1 s, broker.session.timeout.ms 9 s -> 300 ms,
 * broker.heartbeat.interval.ms 2 s -> 67 ms, replica.fetch.wait.max.ms 500 ms -> 17 ms, and the page cache that
 * Linux writes back about 30 s after a write (vm.dirty_expire_centisecs; Kafka does not fsync the log by default)
 * -> a flush every 1 s. As in Kafka, a silent follower is fenced, and leaves the ISR, well before its lag would
 * take it out and within one writeback interval of the last writes it acknowledged.
 */
export const KAFKA_DEFAULT_RATIO_TIMING = {
  replicaLagTimeMaxMs: 30_000 / 30,
  sessionTimeoutMs: 9000 / 30,
  heartbeatMs: 2000 / 30,
  fetchWaitMs: 500 / 30,
  flushIntervalMs: 30_000 / 30,
} as const;

/** The safe configuration: acks=all, min.insync.replicas=2, no unclean election, KIP-101 truncation, fsync per append. */
export const KAFKA_SAFE: KafkaConfig = {
  brokers: BROKERS,
  controller: CONTROLLER,
  minInsyncReplicas: 2,
  uncleanLeaderElection: false,
  truncateToHighWatermark: false,
  ...KAFKA_TIMING,
  flush: 'always',
};

export const CLIENT_DEFAULTS: KafkaScenarioConfig['client'] = { acks: 'all', timeoutMs: 500, thinkMs: 20, settleMs: 4000 };

export function buildKafkaSystem(config: KafkaScenarioConfig): ScenarioSystem {
  const { broker, controller } = observedKafka(config.kafka);
  const client = { ...config.client, brokers: config.kafka.brokers, controller: config.kafka.controller };
  return {
    servers: [...config.kafka.brokers.map((id) => ({ id, factory: broker })), { id: config.kafka.controller, factory: controller }],
    clients: CLIENTS.map((id, i) => ({ id, workload: kafkaProducer(client, i) })),
  };
}

function liveBrokers(sim: Simulation): { id: NodeId; state: KafkaBroker }[] {
  const out: { id: NodeId; state: KafkaBroker }[] = [];
  // A down node has no state (nodeState is null), so the instanceof test skips it.
  for (const id of BROKERS) {
    const state = sim.nodeState(id);
    if (state instanceof KafkaBroker) out.push({ id, state });
  }
  return out;
}

function controllerOf(sim: Simulation): KafkaController | null {
  const state = sim.nodeState(CONTROLLER);
  return state instanceof KafkaController ? state : null;
}

/** Each live broker's log and high watermark as plain data. */
export function replicaLogs(run: RunArtifacts): Record<string, ReplicaLog> {
  const out: Record<string, ReplicaLog> = {};
  for (const { id, state } of liveBrokers(run.sim)) {
    out[id] = { entries: state.log.map((e) => ({ offset: e.offset, epoch: e.epoch, value: e.value })), highWatermark: state.highWatermark };
  }
  return out;
}

/**
 * Replica agreement: no two brokers hold different entries at an offset below both their high
 * watermarks; and, the system having been quiet through the quiesce phase, every live ISR member (as
 * the controller has it) holds exactly the leader's log.
 */
export const LOG_AGREEMENT: ScenarioChecker = {
  name: 'replica logs agree',
  check: (run): CheckResult => {
    const logs = replicaLogs(run);
    if (Object.keys(logs).length === 0) return { valid: 'unknown', explanation: 'no broker is up at the end of the run', anomalies: [] };
    const ctl = controllerOf(run.sim);
    const leader = ctl?.leader ?? null;
    const final = ctl !== null && leader !== null && logs[leader] !== undefined
      ? { leader, isr: ctl.isr.filter((id) => logs[id] !== undefined) }
      : undefined;
    return checkLogAgreement(logs, final !== undefined ? { final } : {});
  },
};

function describeState(sim: Simulation): string {
  const ctl = controllerOf(sim);
  const head = ctl === null ? 'controller down' : `controller: leader ${ctl.leader ?? 'none'} epoch ${ctl.leaderEpoch} isr [${ctl.isr.join(', ')}]`;
  return [head, ...liveBrokers(sim).map(({ id, state }) =>
    `${id}: ${state.role} epoch ${state.leaderEpoch}, log end ${state.log.length}, hw ${state.highWatermark}`)].join('; ');
}

/** Liveness: after the heal the controller has a leader that knows it leads in that epoch, and the ISR is the whole replica set again. */
export const LEADER_AND_FULL_ISR: LivenessCheck = eventually(
  'a leader is elected and the ISR is full again',
  (sim) => {
    const ctl = controllerOf(sim);
    if (ctl === null || ctl.leader === null || ctl.isr.length !== BROKERS.length) return false;
    const leader = liveBrokers(sim).find((b) => b.id === ctl.leader);
    return leader !== undefined && leader.state.role === 'leader' && leader.state.leaderEpoch === ctl.leaderEpoch;
  },
  KAFKA_PHASES.quiesceMs - 1000,
  describeState,
);

export function kafkaScenario(s: Omit<Scenario<KafkaScenarioConfig>, 'topology' | 'build' | 'phases' | 'checkers' | 'liveness'>): Scenario<KafkaScenarioConfig> {
  return {
    ...s,
    topology: { servers: [...BROKERS, CONTROLLER], clients: CLIENTS },
    build: buildKafkaSystem,
    phases: KAFKA_PHASES,
    checkers: [ACKNOWLEDGED_ADDS, LOG_AGREEMENT],
    liveness: [LEADER_AND_FULL_ISR],
    panels: kafkaPanels,
  };
}
