// "You said, we did": from an initiative, invite the customers who raised its themes or answered its
// touchpoints before the start, with the owner's words on what changed and a one-click question. The
// email campaign machinery applies consent and frequency rules; the answers arrive as feedback on the
// targeted touchpoint after the start, so they count in the initiative's effect.
import { createCampaign, launchCampaign, oneClickScale } from '../../listen/channels/email/index.js';
import { addToList, createList } from '../../listen/contacts/index.js';
import { getSurvey, type Survey } from '../../listen/surveys/index.js';
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import {
  type FollowUpRow,
  insertFollowUp,
  selectFollowUpContacts,
  selectFollowUps,
  selectLiveSurveyIds,
} from './queries/follow-ups.js';
import { getInitiative } from './service.js';

/** What the owner sends. */
export interface FollowUpInput {
  /** What changed, in the owner's words (the email's opening). */
  message: string;
  subject?: string | undefined;
  /** A live survey at a targeted touchpoint; default: the first whose first question is one-click, else the first. */
  surveyId?: string | undefined;
}

/** A follow-up just launched. */
export interface FollowUpResult extends FollowUpRow {
  recipients: number;
  queued: number;
  suppressed: number;
  warnings: string[];
}

async function followUpSurvey(
  sql: Sql,
  orgId: string,
  touchpointIds: string[],
  surveyId?: string,
): Promise<Survey> {
  if (surveyId) {
    const s = await getSurvey(sql, orgId, surveyId).catch(() => null);
    if (!s) throw new ValidationError('Unknown survey', [{ name: 'surveyId', reason: 'no such survey' }]);
    if (!s.touchpointId || !touchpointIds.includes(s.touchpointId)) {
      throw new ValidationError('The survey is not at a touchpoint the initiative targets', [
        {
          name: 'surveyId',
          reason: 'not at a targeted touchpoint: its answers would not count in the effect',
        },
      ]);
    }
    return s;
  }
  // A survey whose first question is one-click (NPS or CSAT) first; else any live survey there.
  let fallback: Survey | null = null;
  for (const tp of touchpointIds) {
    for (const { id } of await selectLiveSurveyIds(sql, orgId, tp)) {
      const s = await getSurvey(sql, orgId, id);
      if (oneClickScale(s.definition)) return s;
      fallback ??= s;
    }
  }
  if (fallback) return fallback;
  throw new ValidationError('No live survey at the targeted touchpoints', [
    { name: 'surveyId', reason: 'required: no live survey at a targeted touchpoint' },
  ]);
}

/** Invite the customers who said something about what the initiative changed. */
export async function followUpInitiative(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  initiativeId: string,
  input: FollowUpInput,
): Promise<FollowUpResult> {
  const initiative = await getInitiative(sql, orgId, initiativeId);
  if (initiative.touchpointIds.length === 0) {
    throw new ValidationError('The initiative targets no touchpoint: answers could not count in its effect', [
      { name: 'touchpointIds', reason: 'the initiative needs a targeted touchpoint' },
    ]);
  }
  const survey = await followUpSurvey(sql, orgId, initiative.touchpointIds, input.surveyId);
  const warnings: string[] = [];
  const question = survey.definition.questions[0]?.type;
  if (!oneClickScale(survey.definition)) {
    warnings.push(
      'The survey has no one-click first question (NPS or CSAT): the email links to the survey instead.',
    );
  } else if (question !== initiative.metric) {
    warnings.push(
      `The follow-up question is ${question?.toUpperCase()}, the initiative is measured on ${initiative.metric}: its answers add to the feedback but not to this effect.`,
    );
  }
  const contacts = await selectFollowUpContacts(sql, orgId, {
    touchpointIds: initiative.touchpointIds,
    themes: initiative.themes,
    before: initiative.startedAt,
  });
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const name = `You said, we did: ${initiative.title}`.slice(0, 150);
  const list = await createList(sql, orgId, `${name} (${stamp} UTC)`);
  await addToList(sql, orgId, list.id, contacts);
  const campaign = await createCampaign(sql, orgId, {
    surveyId: survey.id,
    name,
    audience: { listId: list.id },
    subject: input.subject ?? `You said, we did: ${initiative.title}`,
    intro: input.message,
  });
  const launched = await launchCampaign(sql, jobs, orgId, campaign.id);
  const row = await insertFollowUp(sql, orgId, {
    initiativeId,
    campaignId: campaign.id,
    listId: list.id,
    message: input.message,
  });
  return {
    ...row,
    initiativeId,
    campaignId: campaign.id,
    listId: list.id,
    surveyId: survey.id,
    message: input.message,
    recipients: contacts.length,
    queued: launched.queued,
    suppressed: launched.suppressed,
    warnings,
  };
}

/** An initiative's follow-ups with their invitations counted by status. */
export async function listFollowUps(sql: Sql, orgId: string, initiativeId: string) {
  await getInitiative(sql, orgId, initiativeId);
  return selectFollowUps(sql, orgId, initiativeId);
}
