// Statements on `respondent_sessions`: the answers so far, and completion.
import type { Sql } from '../../../../platform/db/index.js';
import { keepsOriginalSql } from '../../../../understand/comments/index.js';
import type { Answers } from '../../../surveys/index.js';

/** Save a session's answers (a completed session is left as it is). */
export async function saveSession(
  sql: Sql,
  s: {
    orgId: string;
    surveyId: string;
    key: string;
    contactId: string | null;
    language: string;
    answers: Answers;
    /** The answers with personal data redacted (null: none found); stored unless the organisation keeps originals. */
    redacted: Answers | null;
    done: string[];
  },
): Promise<void> {
  const answers = s.redacted
    ? sql`case when ${keepsOriginalSql(sql, s.orgId)} then ${sql.json(s.answers as never)}::jsonb else ${sql.json(s.redacted as never)}::jsonb end`
    : sql`${sql.json(s.answers as never)}::jsonb`;
  await sql`
    insert into respondent_sessions (org_id, survey_id, session_key, contact_id, language, answers, done)
    values (${s.orgId}, ${s.surveyId}, ${s.key}, ${s.contactId}, ${s.language}, ${answers}, ${s.done})
    on conflict (org_id, survey_id, session_key) do update set
      answers = excluded.answers, done = excluded.done, language = excluded.language, updated_at = now()
    where respondent_sessions.completed_at is null`;
}

/** Mark a session completed with its response. */
export async function completeSession(
  sql: Sql,
  s: { orgId: string; surveyId: string; key: string; responseId: string },
): Promise<void> {
  await sql`
    update respondent_sessions set completed_at = coalesce(completed_at, now()), response_id = ${s.responseId}, updated_at = now()
    where org_id = ${s.orgId} and survey_id = ${s.surveyId} and session_key = ${s.key}`;
}
