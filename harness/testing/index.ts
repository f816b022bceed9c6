/** `faultline/test`: run a scenario from any test runner and fail the test with the story of what went wrong. */
export { assertScenario, type AssertScenarioOptions } from './assert-scenario.js';
