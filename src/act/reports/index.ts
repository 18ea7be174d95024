// Reports and digests: a team's or stakeholder's scores, themes, cases and initiatives, as email and PDF.
export { type Digest, type DigestScore, type DigestTheme, digestPeriod, nextRun } from './content.js';
export type { Report, ReportFrequency } from './queries/subscriptions.js';
export {
  createReport,
  deleteReport,
  firstRun,
  getReport,
  listReports,
  type ReportInput,
  renderReport,
  reportSendJob,
  sendDueReport,
  sendReport,
} from './service.js';
