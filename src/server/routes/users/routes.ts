// The organisation's users and their invitations: list, change a role, remove; invite by email with a
// role, send again, revoke; and the public side of an invitation (what it is, accept it). Each change
// is audited by its service.
import { inviteUser, resendInvitation } from '../../../listen/members/index.js';
import {
  acceptInvitation,
  changeMemberRole,
  findInvitationByToken,
  listInvitations,
  listMembers,
  type Principal,
  removeMember,
  revokeInvitation,
  startSession,
} from '../../../platform/auth/index.js';
import { NotFoundError } from '../../../platform/errors/index.js';
import { PasswordLoginDisabledError } from '../../../platform/sso/index.js';
import { getOrganisation } from '../../../platform/tenancy/index.js';
import * as api from '../../../shared/api/index.js';
import { presentMember, presentOrganisation, presentUser, presentUserInvitation } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { setSessionCookie } from '../auth/routes.js';
import { IdParams } from '../shared-schema.js';
import { InvitationAccept, InvitationCreate, InvitationLookup, MemberUpdate } from './schema.js';

const actor = (principal: Principal, ip: string) => ({ ...principal, ip });

/** GET /api/v1/users */
export const listUsersRoute = defineRoute({
  summary: "The organisation's users: name, email, role, last sign-in, whether they sign in only by SSO",
  tags: ['users'],
  schema: { response: { 200: api.MemberList } },
  handler: async ({ principal, deps }) => ({
    items: (await listMembers(deps.readSql, principal.orgId)).map(presentMember),
  }),
});

/** PATCH /api/v1/users/:id */
export const updateUserRoute = defineRoute({
  summary:
    "Change a user's role; only owners grant or take the owner role, the last owner stays, and nobody changes their own",
  tags: ['users'],
  schema: { params: IdParams, body: MemberUpdate, response: { 200: api.Member } },
  handler: async ({ params, body, principal, deps, req }) =>
    presentMember(
      await changeMemberRole(deps.sql, principal.orgId, params.id, body.role, actor(principal, req.ip)),
    ),
});

/** DELETE /api/v1/users/:id */
export const removeUserRoute = defineRoute({
  summary: 'Remove a user: their sessions end at once; cases and initiatives they owned are left unowned',
  tags: ['users'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, req, reply }) => {
    await removeMember(deps.sql, principal.orgId, params.id, actor(principal, req.ip));
    reply.status(204);
    return null;
  },
});

/** GET /api/v1/user-invitations */
export const listUserInvitationsRoute = defineRoute({
  summary:
    'Open invitations (not accepted, not revoked) with the state of their email: queued, sent, failed, expired',
  tags: ['users'],
  schema: { response: { 200: api.UserInvitationList } },
  handler: async ({ principal, deps }) => ({
    items: (await listInvitations(deps.sql, principal.orgId)).map((i) => presentUserInvitation(i)),
  }),
});

/** POST /api/v1/user-invitations */
export const createUserInvitationRoute = defineRoute({
  summary:
    'Invite an email address with a role: the email with its accept link is queued; an open invitation of the address is replaced',
  tags: ['users'],
  schema: { body: InvitationCreate, response: { 201: api.UserInvitation } },
  fields: { role: 'body.role', email: 'body.email' },
  handler: async ({ body, principal, deps, req, reply }) => {
    const invitation = await inviteUser(deps.sql, deps.jobs, principal.orgId, body, actor(principal, req.ip));
    reply.status(201);
    return presentUserInvitation(invitation);
  },
});

/** POST /api/v1/user-invitations/:id/resend */
export const resendUserInvitationRoute = defineRoute({
  summary: "Send an open invitation's email again with a new link (the previous link stops working)",
  tags: ['users'],
  schema: { params: IdParams, response: { 200: api.UserInvitation } },
  handler: async ({ params, principal, deps }) =>
    presentUserInvitation(await resendInvitation(deps.sql, deps.jobs, principal.orgId, params.id)),
});

/** DELETE /api/v1/user-invitations/:id */
export const revokeUserInvitationRoute = defineRoute({
  summary: 'Revoke an open invitation: its link stops working at once',
  tags: ['users'],
  schema: { params: IdParams, response: { 204: api.NoContent } },
  handler: async ({ params, principal, deps, req, reply }) => {
    await revokeInvitation(deps.sql, principal.orgId, params.id, actor(principal, req.ip));
    reply.status(204);
    return null;
  },
});

/** POST /api/v1/auth/invitation */
export const lookUpInvitationRoute = defineRoute({
  summary: 'What an invitation link offers (organisation, address, role, expiry), before accepting it',
  tags: ['auth'],
  schema: { body: InvitationLookup, response: { 200: api.InvitationPreview } },
  rateLimit: 20,
  handler: async ({ body, deps }) => {
    const found = await findInvitationByToken(deps.sql, body.token);
    if (!found)
      throw new NotFoundError('This invitation link is not valid: it was revoked, replaced, used or expired');
    return {
      email: found.email,
      role: found.role,
      organisation: found.organisation,
      expiresAt: found.expiresAt,
    };
  },
});

/** POST /api/v1/auth/invitation/accept */
export const acceptInvitationRoute = defineRoute({
  summary:
    'Accept an invitation with a name and password: the user is created with the invited role and signed in',
  tags: ['auth'],
  schema: { body: InvitationAccept, response: { 200: api.Session } },
  fields: { password: 'body.password' },
  rateLimit: 20,
  handler: async ({ body, deps, req, reply }) => {
    if (!deps.signIn.passwordLogin)
      throw new PasswordLoginDisabledError(
        `Password login is turned off on this server; accept by signing in with ${deps.signIn.sso?.label ?? 'single sign-on'} as the invited address`,
      );
    const user = await acceptInvitation(deps.sql, body, req.ip);
    const { token } = await startSession(deps.sql, user);
    setSessionCookie(req, reply, token);
    const org = await getOrganisation(deps.sql, user.orgId);
    return { user: presentUser(user), organisation: presentOrganisation(org) };
  },
});
