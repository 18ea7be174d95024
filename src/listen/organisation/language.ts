// The organisation's language: one of the product's languages, the default of invitation emails whose
// campaign names none and of new surveys whose definition names none. Changes are audited.
import { recordAudit } from '../../platform/audit/index.js';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { PRODUCT_LANGUAGES } from '../../shared/languages.js';
import { selectOrganisationLanguage, updateOrganisationLanguage } from './queries/language.js';

/** The organisation's language ('en' until one is chosen). */
export async function getOrganisationLanguage(sql: Sql, orgId: string): Promise<string> {
  const language = await selectOrganisationLanguage(sql, orgId);
  if (!language) throw new NotFoundError(`Organisation ${orgId} not found`);
  return language;
}

/** Set the organisation's language (field `language` must be one of the product's), audited as organisation.language. */
export async function setOrganisationLanguage(
  sql: Sql,
  orgId: string,
  language: string,
  who: { actor: string; ip?: string | undefined },
): Promise<string> {
  if (!(PRODUCT_LANGUAGES as readonly string[]).includes(language))
    throw new ValidationError('Unsupported language', [
      { name: 'language', reason: `must be one of ${PRODUCT_LANGUAGES.join(', ')}` },
    ]);
  await sql.begin(async (tx) => {
    if (!(await updateOrganisationLanguage(tx as unknown as Sql, orgId, language)))
      throw new NotFoundError(`Organisation ${orgId} not found`);
    await recordAudit(tx, {
      orgId,
      actor: who.actor,
      action: 'organisation.language',
      target: orgId,
      ip: who.ip,
      detail: { language },
    });
  });
  return language;
}
