// Statement: record a campaign (a draft).
import type { Sql } from '../../../../platform/db/index.js';
import type { Audience } from '../../../contacts/index.js';

/** A campaign's stored fields (localised texts as maps by language). */
export interface CampaignRow {
  surveyId: string;
  name: string;
  audience: Audience;
  subject: Record<string, string>;
  intro: Record<string, string>;
  fromAddress: string | null;
  language: string;
  reminderAfterHours: number | null;
  maxReminders: number;
}

/** Insert a `campaigns` row; returns its id. */
export async function insertCampaign(sql: Sql, orgId: string, c: CampaignRow): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into campaigns (org_id, survey_id, name, audience, subject, intro, from_address, language,
      reminder_after_hours, max_reminders)
    values (${orgId}, ${c.surveyId}, ${c.name}, ${sql.json(c.audience as never)},
      ${sql.json(c.subject)}, ${sql.json(c.intro)}, ${c.fromAddress},
      ${c.language}, ${c.reminderAfterHours}, ${c.maxReminders})
    returning id`;
  return row!.id;
}
