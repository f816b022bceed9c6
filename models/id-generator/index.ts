/** Unique ID generation: Snowflake with named policies for a clock that goes back; segment (hi/lo) allocation from a replicated counter. */
export { SnowflakeGenerator, snowflakeGenerator, type SnowflakeConfig, type BackwardClockPolicy, type IdReply } from './snowflake.js';
export { idClient } from './client.js';
export { SegmentAllocator, type SegmentConfig, type LostWritePolicy } from './segment.js';
export { segmentClient, ID_ISSUED_NOTE } from './segment-client.js';
