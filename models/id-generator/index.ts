/** Unique ID generation: Snowflake with named policies for a clock that goes back. */
export { SnowflakeGenerator, snowflakeGenerator, type SnowflakeConfig, type BackwardClockPolicy, type IdReply } from './snowflake.js';
export { idClient } from './client.js';
