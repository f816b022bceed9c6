/** Unique IDs: Snowflake's policies for a clock that goes back; segment allocation from a counter in ZooKeeper under crashes. */
import { segmentAbandon, segmentAssumeApplied } from './segment.js';
import { snowflakeIgnore, snowflakeKeepLast, snowflakeRefuse, snowflakeWait } from './snowflake.js';

export const ID_GENERATOR_SCENARIOS = [snowflakeIgnore, snowflakeRefuse, snowflakeWait, snowflakeKeepLast, segmentAssumeApplied, segmentAbandon];
