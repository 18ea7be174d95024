// Employee pulse: eNPS overall and by team with small-group suppression that survives differencing, and
// the employee-customer link across teams.
export { type CountedGroup, type Suppression, suppressSmallGroups } from './anonymity.js';
export { employeeCustomerLink, FEW_TEAMS, type LinkRow, listPulseSurveys, type PulseLink } from './link.js';
export { type EnpsCell, employeePulse, MIN_GROUP, type PulseResult } from './service.js';
