// Employee pulse: eNPS overall and by team with small-group suppression that survives differencing.
export { type CountedGroup, type Suppression, suppressSmallGroups } from './anonymity.js';
export { type EnpsCell, employeePulse, MIN_GROUP, type PulseResult } from './service.js';
