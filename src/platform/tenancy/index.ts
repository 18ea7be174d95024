// Organisations (tenants): every other row belongs to exactly one.
import type { Sql } from '../db/index.js';
import { ConflictError, NotFoundError } from '../errors/index.js';

/** An organisation row. */
export interface Organisation {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

/** Create an organisation; a taken slug is a conflict. */
export async function createOrganisation(
  sql: Sql,
  input: { slug: string; name: string },
): Promise<Organisation> {
  const rows = await sql<Organisation[]>`
    insert into organisations (slug, name) values (${input.slug}, ${input.name})
    on conflict (slug) do nothing
    returning id, slug, name, created_at as "createdAt"`;
  if (!rows[0]) throw new ConflictError(`An organisation with slug "${input.slug}" already exists`);
  return rows[0];
}

/** Find an organisation by slug. */
export async function findOrganisationBySlug(sql: Sql, slug: string): Promise<Organisation | undefined> {
  const rows = await sql<Organisation[]>`
    select id, slug, name, created_at as "createdAt" from organisations where slug = ${slug}`;
  return rows[0];
}

/** Get an organisation by id, or throw not found. */
export async function getOrganisation(sql: Sql, orgId: string): Promise<Organisation> {
  const rows = await sql<Organisation[]>`
    select id, slug, name, created_at as "createdAt" from organisations where id = ${orgId}`;
  if (!rows[0]) throw new NotFoundError('Organisation not found');
  return rows[0];
}
