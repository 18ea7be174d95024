// Improvement initiatives: owners, targets, milestones and notes, and whether they worked (measured against a control).

export { type FollowUpInput, type FollowUpResult, followUpInitiative, listFollowUps } from './follow-up.js';
export {
  addMilestone,
  addNote,
  changeMilestone,
  createInitiative,
  getInitiative,
  getInitiativeEffect,
  type InitiativeDetail,
  type InitiativeInput,
  listInitiatives,
  measureInitiative,
  patchInitiative,
} from './service.js';
export type { Initiative, InitiativeMetric, InitiativeStatus, Milestone, Note } from './types.js';
