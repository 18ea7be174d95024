// Improvement initiatives and their measured effect.
import {
  addMilestone,
  addNote,
  changeMilestone,
  createInitiative,
  followUpInitiative,
  getInitiative,
  getInitiativeEffect,
  listFollowUps,
  listInitiatives,
  measureInitiative,
  patchInitiative,
} from '../../../act/initiatives/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute } from '../../route.js';
import { IdParams } from '../shared-schema.js';
import {
  presentEffect,
  presentEffectSummary,
  presentInitiative,
  presentInitiativeDetail,
  presentMilestone,
  presentNote,
} from './present.js';
import {
  FollowUpBody,
  InitiativeCreate,
  InitiativePatch,
  InitiativeQuery,
  MilestoneBody,
  MilestoneParams,
  MilestonePatch,
  NoteBody,
} from './schema.js';

/** POST /api/v1/initiatives */
export const createInitiativeRoute = defineRoute({
  summary:
    'Create an initiative: what changes, where (touchpoints), from when, and the metric it should move',
  tags: ['initiatives'],
  schema: { body: InitiativeCreate, response: { 201: api.Initiative } },
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return presentInitiativeDetail(await createInitiative(deps.sql, principal.orgId, body));
  },
});

/** GET /api/v1/initiatives */
export const listInitiativesRoute = defineRoute({
  summary: 'List initiatives with their measured effect and verdict',
  tags: ['initiatives'],
  schema: { querystring: InitiativeQuery, response: { 200: api.InitiativeList } },
  handler: async ({ query, principal, deps }) => {
    const items = await listInitiatives(deps.sql, principal.orgId, query);
    const effects = await Promise.all(items.map((i) => measureInitiative(deps.sql, principal.orgId, i)));
    return {
      items: items.map((i, k) => ({ ...presentInitiative(i), effect: presentEffectSummary(effects[k]!) })),
    };
  },
});

/** GET /api/v1/initiatives/:id */
export const getInitiativeRoute = defineRoute({
  summary:
    'An initiative with milestones, notes, its effect and the before/after series of treated vs control',
  tags: ['initiatives'],
  schema: { params: IdParams, response: { 200: api.InitiativeDetail } },
  handler: async ({ params, principal, deps }) => {
    const initiative = await getInitiative(deps.sql, principal.orgId, params.id);
    const effect = presentEffect(await measureInitiative(deps.sql, principal.orgId, initiative));
    return { ...presentInitiativeDetail(initiative), effect, series: effect.series };
  },
});

/** PATCH /api/v1/initiatives/:id */
export const patchInitiativeRoute = defineRoute({
  summary: 'Change an initiative (status, dates, targets, owner, hypothesis)',
  tags: ['initiatives'],
  schema: { params: IdParams, body: InitiativePatch, response: { 200: api.Initiative } },
  handler: async ({ params, body, principal, deps }) =>
    presentInitiativeDetail(await patchInitiative(deps.sql, principal.orgId, params.id, body)),
});

/** GET /api/v1/initiatives/:id/effect */
export const initiativeEffectRoute = defineRoute({
  summary: 'The effect of an initiative: DiD against control touchpoints (or ITS), CI, p, verdict, power',
  tags: ['initiatives'],
  schema: { params: IdParams, response: { 200: api.Effect } },
  handler: async ({ params, principal, deps }) =>
    presentEffect(await getInitiativeEffect(deps.sql, principal.orgId, params.id)),
});

/** POST /api/v1/initiatives/:id/milestones */
export const addMilestoneRoute = defineRoute({
  summary: 'Add a milestone to an initiative',
  tags: ['initiatives'],
  schema: { params: IdParams, body: MilestoneBody, response: { 201: api.Milestone } },
  handler: async ({ params, body, principal, deps, reply }) => {
    reply.status(201);
    return presentMilestone(await addMilestone(deps.sql, principal.orgId, params.id, body));
  },
});

/** PATCH /api/v1/initiatives/:id/milestones/:milestoneId */
export const patchMilestoneRoute = defineRoute({
  summary: 'Change a milestone (title, due date, done)',
  tags: ['initiatives'],
  schema: { params: MilestoneParams, body: MilestonePatch, response: { 200: api.Milestone } },
  handler: async ({ params, body, principal, deps }) =>
    presentMilestone(await changeMilestone(deps.sql, principal.orgId, params.id, params.milestoneId, body)),
});

/** POST /api/v1/initiatives/:id/notes */
export const addNoteRoute = defineRoute({
  summary: 'Add a note to an initiative',
  tags: ['initiatives'],
  schema: { params: IdParams, body: NoteBody, response: { 201: api.InitiativeNote } },
  handler: async ({ params, body, principal, deps, reply }) => {
    reply.status(201);
    const author = principal.kind === 'user' ? principal.id : null;
    return presentNote(await addNote(deps.sql, principal.orgId, params.id, author, body.body));
  },
});

const presentFollowUp = <T extends { createdAt: Date }>(f: T) => ({
  ...f,
  createdAt: f.createdAt.toISOString(),
});

/** POST /api/v1/initiatives/:id/follow-up */
export const followUpRoute = defineRoute({
  summary:
    '"You said, we did": email the customers who raised its themes or answered its touchpoints before the start, with a one-click question',
  tags: ['initiatives'],
  schema: { params: IdParams, body: FollowUpBody, response: { 201: api.FollowUp } },
  handler: async ({ params, body, principal, deps, reply }) => {
    reply.status(201);
    return presentFollowUp(await followUpInitiative(deps.sql, deps.jobs, principal.orgId, params.id, body));
  },
});

/** GET /api/v1/initiatives/:id/follow-ups */
export const listFollowUpsRoute = defineRoute({
  summary: "An initiative's follow-up campaigns with their invitations by status",
  tags: ['initiatives'],
  schema: { params: IdParams, response: { 200: api.FollowUpList } },
  handler: async ({ params, principal, deps }) => ({
    items: (await listFollowUps(deps.sql, principal.orgId, params.id)).map(presentFollowUp),
  }),
});
