// Prove: what CX is worth. Outcomes linked to contacts, value by loyalty group, churn risk, maturity.
export {
  analyseValueInTable,
  formatChurnReport,
  formatValue,
  readProveFile,
  scoreChurnOnTable,
  trainChurnOnTable,
  type ValueFileRequest,
} from './files.js';
export * as models from './models/index.js';
