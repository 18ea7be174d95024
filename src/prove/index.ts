// Prove: what CX is worth. Outcomes linked to contacts, value by loyalty group, churn risk, maturity.
export {
  churnTrainJob,
  getChurnModelSummary,
  getChurnRisk,
  getContactRisk,
  requestChurnTraining,
  type TrainResult,
  trainChurnForOrg,
} from './churn/index.js';
export {
  analyseValueInTable,
  formatChurnReport,
  formatValue,
  readProveFile,
  scoreChurnOnTable,
  trainChurnOnTable,
  type ValueFileRequest,
} from './files.js';
export { getMaturity, type MaturityAnswers, QUESTIONS, saveMaturityAnswers } from './maturity/index.js';
export * as models from './models/index.js';
export {
  importOutcomesCsv,
  listOutcomes,
  type Outcome,
  type OutcomeInput,
  recordOutcomes,
  summariseOutcomeKinds,
} from './outcomes/index.js';
export { getInitiativeRoi, type InitiativeRoi, listInitiativeRoi } from './roi/index.js';
export { getSatisfiedDefectors, getValueSummary, parseWindow } from './value/index.js';
export { getRevenueAtRisk, type RiskAttribution } from './value/risk.js';
