// Reports: stored digest definitions, their PDF rendered now, and sending one at once.
import { z } from 'zod';
import {
  createReport,
  deleteReport,
  getReport,
  listReports,
  type Report,
  renderReport,
  sendReport,
} from '../../../act/reports/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute, media } from '../../route.js';
import { IdParams, Uuid } from '../shared-schema.js';

const ReportCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    teamId: Uuid.nullable().optional(),
    touchpointIds: z.array(Uuid).max(200).optional(),
    frequency: z.enum(['weekly', 'monthly']),
    recipients: z.array(z.email()).min(1).max(50),
  })
  .strict();

const present = (r: Report) => ({
  id: r.id,
  name: r.name,
  teamId: r.teamId,
  touchpointIds: r.touchpointIds,
  frequency: r.frequency,
  recipients: r.recipients,
  nextRunAt: r.nextRunAt.toISOString(),
  lastSentAt: r.lastSentAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  pdfUrl: `/api/v1/reports/${r.id}.pdf`,
});

/** POST /api/v1/reports */
export const createReportRoute = defineRoute({
  summary:
    "Define a digest: a team's (or some touchpoints') scores, themes, cases and initiatives, weekly or monthly",
  tags: ['reports'],
  schema: { body: ReportCreate, response: { 201: api.Report } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return present(await createReport(deps.sql, deps.jobs, principal.orgId, body));
  },
});

/** GET /api/v1/reports */
export const listReportsRoute = defineRoute({
  summary: 'The stored digest definitions',
  tags: ['reports'],
  schema: { response: { 200: api.ReportList } },
  handler: async ({ principal, deps }) => ({
    items: (await listReports(deps.sql, principal.orgId)).map(present),
  }),
});

/** GET /api/v1/reports/:id */
export const getReportRoute = defineRoute({
  summary: 'One digest definition',
  tags: ['reports'],
  schema: { params: IdParams, response: { 200: api.Report } },
  handler: async ({ params, principal, deps }) =>
    present(await getReport(deps.sql, principal.orgId, params.id)),
});

/** DELETE /api/v1/reports/:id */
export const deleteReportRoute = defineRoute({
  summary: 'Delete a digest definition (no more emails)',
  tags: ['reports'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, reply }) => {
    await deleteReport(deps.sql, principal.orgId, params.id);
    reply.status(204);
    return undefined;
  },
});

/** GET /api/v1/reports/:id.pdf */
export const reportPdfRoute = defineRoute({
  summary: 'The digest of the latest complete period as a PDF, rendered now',
  tags: ['reports'],
  schema: { params: IdParams, response: { 200: media('application/pdf', 'The digest as a PDF') } },
  handler: async ({ params, principal, deps, reply }) => {
    const { pdf, filename } = await renderReport(deps.sql, principal.orgId, params.id);
    reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store');
    return pdf;
  },
});

/** POST /api/v1/reports/:id/send */
export const sendReportRoute = defineRoute({
  summary: 'Send the digest to its recipients now (the schedule is unchanged)',
  tags: ['reports'],
  schema: { params: IdParams, response: { 200: api.ReportSent } },
  handler: async ({ params, principal, deps }) => ({
    sent: await sendReport(deps.sql, principal.orgId, params.id),
  }),
});
