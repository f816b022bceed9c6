/** Report writers: the self-contained HTML report, JUnit XML, and the terminal summary. */
export { renderHtmlReport } from './html/page.js';
export { renderJunit } from './junit.js';
export { renderTerminalSummary } from './terminal.js';
export { escapeHtml, escapeXml, formatValue, jsonForScript } from './escape.js';
export { LOCK_NOTE_KINDS } from './types.js';
export type { CoverageGoalResult, FailureDetail, ModelPanel, ScenarioSummary, SuiteReport } from './types.js';
