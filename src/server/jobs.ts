// The job table: every background job a worker process runs, one line each.
import { ACT_JOBS } from '../act/index.js';
import { reportSendJob } from '../act/reports/index.js';
import { EMAIL_JOBS } from '../listen/channels/email/index.js';
import { runImportJob } from '../listen/imports/index.js';
import { MEMBER_JOBS } from '../listen/members/index.js';
import { retentionJob } from '../listen/privacy/index.js';
import type { JobDefinition } from '../platform/jobs/index.js';
import { churnTrainJob } from '../prove/index.js';
import { enrichFeedbackJob, textRerunJob, textTrainJob } from '../understand/comments/index.js';

/** Every job the worker role polls for. Add a line per job (its module declares it with `defineJob`). */
export const JOBS: JobDefinition[] = [
  ...(EMAIL_JOBS as unknown as JobDefinition[]),
  runImportJob as unknown as JobDefinition,
  enrichFeedbackJob as unknown as JobDefinition,
  textRerunJob as unknown as JobDefinition,
  textTrainJob as unknown as JobDefinition,
  churnTrainJob as unknown as JobDefinition,
  retentionJob as unknown as JobDefinition,
  ...ACT_JOBS,
  reportSendJob as unknown as JobDefinition,
  ...MEMBER_JOBS,
];
