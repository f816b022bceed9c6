/**
 * Coverage of KIP-966's dangerous window, measured by the scenario rather than the model (a broker never sees
 * its previous incarnation): when a broker restarts, the incarnation that crashed is compared with the log that
 * survived on its disk and with the controller's record of the partition.
 * - `kafka-last-isr-member-crashed`: the crashed incarnation led and had acknowledged writes, and the controller
 *   has the broker as the last replica standing: alone in the ISR, or (KIP-966) in the ELR or the last known leader.
 * - `kafka-last-isr-member-lost-acked-entries`: and the restarted log ends below the last of those writes (they
 *   were not flushed). Before KIP-966 this broker is the only one the controller may elect.
 */
import type { NodeContext, NodeFactory, NodeId } from '../../harness/index.js';
import { KafkaBroker, KafkaController, type KafkaConfig } from '../../models/kafka/index.js';

class ObservedBroker extends KafkaBroker {
  constructor(
    id: NodeId,
    config: KafkaConfig,
    private readonly crashed: KafkaBroker | undefined,
    private readonly controller: () => KafkaController | undefined,
  ) {
    super(id, config);
  }

  override init(ctx: NodeContext): void {
    super.init(ctx);
    const acknowledgedEnd = this.crashed?.role === 'leader' ? this.crashed.leaderState?.acknowledgedEnd ?? 0 : 0;
    const partition = this.controller()?.partition;
    if (acknowledgedEnd === 0 || partition === undefined) return;
    const { isr, elr, lastKnownLeader } = partition;
    if (!(isr.length === 1 && isr[0] === this.id) && !elr.includes(this.id) && lastKnownLeader !== this.id) return;
    ctx.cover('kafka-last-isr-member-crashed');
    if (this.plog.endOffset < acknowledgedEnd) ctx.cover('kafka-last-isr-member-lost-acked-entries');
  }
}

/** The broker and controller factories, the brokers remembering their previous incarnation for the coverage above. */
export function observedKafka(config: KafkaConfig): { broker: NodeFactory; controller: NodeFactory } {
  const incarnations = new Map<NodeId, KafkaBroker>();
  let controller: KafkaController | undefined;
  return {
    controller: (id) => (controller = new KafkaController(id, config)),
    broker: (id) => {
      const broker = new ObservedBroker(id, config, incarnations.get(id), () => controller);
      incarnations.set(id, broker);
      return broker;
    },
  };
}
