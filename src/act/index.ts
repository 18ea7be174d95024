// Act: close the loop — teams, case rules, cases with SLAs and history, replies, recovery measured, notifications and webhooks.
import type { JobDefinition } from '../platform/jobs/index.js';
import { caseNotifyJob } from './notify.js';
import { caseReplyJob } from './reply.js';
import { caseSlaJob } from './sla-job.js';

export {
  addCaseNote,
  CASE_STATUSES,
  type CaseChange,
  type CaseFilter,
  type CaseStatus,
  type CaseSummary,
  closeCase,
  getCase,
  listCases,
  PRIORITIES,
  recoverySurvey,
  reopenCase,
  updateCase,
} from './cases.js';
export type { Actor } from './history.js';
export { ENRICHMENT_WAIT_S, processCaseIntake } from './intake.js';
export { caseNotifyJob, notifyCase, sendDailyDigests, slackMessage } from './notify.js';
export { caseReplyJob, replyToCase, sendReply } from './reply.js';
export {
  BusinessHoursSchema,
  type CaseRule,
  CaseRuleCreate,
  CaseRuleUpdate,
  createCaseRule,
  deleteCaseRule,
  getCaseRule,
  listCaseRules,
  Notify,
  RuleWhen,
  ruleMatches,
  updateCaseRule,
} from './rules.js';
export { type BusinessHours, dueAt } from './sla.js';
export { caseSlaJob, checkAllBreaches, checkBreach } from './sla-job.js';
export { type CaseStats, type CaseStatsQuery, caseStats } from './stats.js';
export { createTeam, deleteTeam, getTeam, listTeams, type Team, updateTeam } from './teams.js';
export { checkWebhookUrl, guardedPost, isPrivateAddress } from './url-guard.js';
export {
  backoffSeconds,
  createWebhook,
  deleteWebhook,
  deliverDueWebhooks,
  EVENT_TYPES,
  type EventType,
  emitEvent,
  getWebhook,
  listDeliveries,
  listWebhooks,
  retryDelivery,
  signWebhook,
  updateWebhook,
} from './webhooks.js';
export { startActWorker } from './worker.js';

/** Every job of the module, for the worker's job table. */
export const ACT_JOBS = [caseSlaJob, caseNotifyJob, caseReplyJob] as unknown as JobDefinition[];
