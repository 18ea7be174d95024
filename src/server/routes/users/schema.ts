// Schemas of the user and invitation routes.
import { z } from 'zod';

/** A role as a body field. */
export const RoleField = z.enum(['owner', 'admin', 'analyst', 'agent', 'viewer']);

/** PATCH /users/:id body. */
export const MemberUpdate = z.object({ role: RoleField }).strict();

/** POST /user-invitations body. */
export const InvitationCreate = z
  .object({
    email: z.email({ message: 'must be an email address' }).max(254),
    role: RoleField,
  })
  .strict();

/** An invitation token from the emailed link. */
const Token = z.string().min(20).max(100);

/** POST /auth/invitation body. */
export const InvitationLookup = z.object({ token: Token }).strict();

/** POST /auth/invitation/accept body. */
export const InvitationAccept = z
  .object({
    token: Token,
    name: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(200),
  })
  .strict();
