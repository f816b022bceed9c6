export type { History, Op, OpType } from './types.js';
export { HistoryRecorder, type OpCompletion } from './recorder.js';
export * from './formats/index.js';
