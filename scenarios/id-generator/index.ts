/** Unique IDs: Snowflake's policies for a clock that goes back. */
import { snowflakeIgnore, snowflakeKeepLast, snowflakeRefuse, snowflakeWait } from './snowflake.js';

export const ID_GENERATOR_SCENARIOS = [snowflakeIgnore, snowflakeRefuse, snowflakeWait, snowflakeKeepLast];
