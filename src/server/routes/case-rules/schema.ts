// Schemas of the case-rule routes (the rule format lives with the rules in the act module).
export { CaseRuleCreate, CaseRuleUpdate } from '../../../act/index.js';
