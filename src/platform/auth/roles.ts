// Roles and what each may do.

/** The roles a user can hold in an organisation. */
export const ROLES = ['owner', 'admin', 'analyst', 'agent', 'viewer'] as const;
/** A user's role. */
export type Role = (typeof ROLES)[number];

/** Actions checked by routes. */
export type Permission = 'read' | 'respond' | 'configure' | 'administer';

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ['read', 'respond', 'configure', 'administer'],
  admin: ['read', 'respond', 'configure', 'administer'],
  analyst: ['read', 'respond', 'configure'],
  agent: ['read', 'respond'],
  viewer: ['read'],
};

/** Whether a role holds a permission. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
