// Teams: members and the touchpoints they own (their feedback's cases go to them by default).
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from '../../../act/index.js';
import * as api from '../../../shared/api/index.js';
import { defineRoute, type FieldMap } from '../../route.js';

const fields: FieldMap = {
  name: 'body.name',
  memberIds: 'body.memberIds',
  touchpointIds: 'body.touchpointIds',
};

import { IdParams } from '../shared-schema.js';
import { TeamCreate, TeamUpdate } from './schema.js';

/** GET /api/v1/teams */
export const listTeamsRoute = defineRoute({
  summary: 'Teams with their members and owned touchpoints',
  tags: ['act'],
  schema: { response: { 200: api.TeamList } },
  handler: async ({ principal, deps }) => ({ items: await listTeams(deps.sql, principal.orgId) }),
});

/** POST /api/v1/teams */
export const createTeamRoute = defineRoute({
  summary: 'Create a team: members (users), owned touchpoints, escalation channel',
  tags: ['act'],
  schema: { body: TeamCreate, response: { 201: api.Team } },
  fields,
  handler: async ({ body, principal, deps, reply }) => {
    reply.status(201);
    return createTeam(deps.sql, principal.orgId, body);
  },
});

/** GET /api/v1/teams/{id} */
export const getTeamRoute = defineRoute({
  summary: 'One team',
  tags: ['act'],
  schema: { params: IdParams, response: { 200: api.Team } },
  handler: async ({ params, principal, deps }) => getTeam(deps.sql, principal.orgId, params.id),
});

/** PATCH /api/v1/teams/{id} */
export const updateTeamRoute = defineRoute({
  summary: 'Change a team (lists given replace the old ones)',
  tags: ['act'],
  schema: { params: IdParams, body: TeamUpdate, response: { 200: api.Team } },
  fields,
  handler: async ({ params, body, principal, deps }) =>
    updateTeam(deps.sql, principal.orgId, params.id, body),
});

/** DELETE /api/v1/teams/{id} */
export const deleteTeamRoute = defineRoute({
  summary: 'Delete a team (its cases stay, without a team)',
  tags: ['act'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, reply }) => {
    await deleteTeam(deps.sql, principal.orgId, params.id);
    reply.status(204);
    return undefined;
  },
});
