/**
 * Attack scenarios: what callers outside src/twin/scenarios use.
 *   SCENARIO_KINDS / scenarioCatalog()   every kind with defaults, plain-words description, expected alert
 *                                        categories and the detectors meant for it
 *   parseScenarioSet / checkScenarioSet  the strict reader of scenario files (version 1); scenarioSetToJSON
 *   planScenarios(set, survey)           the frames of a set (AttackFrames, labelled) and what was resolved
 *   injectScenarios(options)             survey + plan + merge by time into a twin's or a real capture
 *   surveyAnalysis / surveyTraffic       what the scenarios need to know about the traffic
 */
export { injectScenarios, surveyTraffic, mergeIntoCapture, type InjectOptions, type InjectResult } from '../inject/inject-scenarios.ts'
export { AttackFrames, MAX_ATTACK_BYTES, MAX_ATTACK_FRAMES } from './attack-frames.ts'
export { SCENARIO_KIND_IDS, isScenarioKind, type ScenarioKindId } from './kind-ids.ts'
export { SCENARIO_KINDS, scenarioCatalog, scenarioKind, type ScenarioKindInfo } from './kinds.ts'
export { planScenarios, DEFAULT_START_FRACTION, type AttackPlan, type ResolvedScenario } from './plan.ts'
export type { ScenarioKind, ScenarioRun } from './scenario-run.ts'
export { checkScenarioSet, parseScenarioSet, scenarioSetToJSON, SCENARIO_FORMAT_VERSION, type ScenarioSet, type ScenarioSpec, type Stealth } from './schema.ts'
export { surveyAnalysis, type Survey, type SurveyHost } from './survey.ts'
