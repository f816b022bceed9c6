export type { History, Op, OpType } from './types.js';
export { describeRules, FAULTLINE_RULES, JEPSEN_RULES, type CompletionRules } from './completion-rules.js';
export { HistoryRecorder, type OpCompletion } from './recorder.js';
export * from './formats/index.js';
