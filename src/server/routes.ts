// The route table: every method and path of the API, who may call it, and its handler.

import type { RouteDef } from './route.js';
import * as analytics from './routes/analytics/routes.js';
import * as analyticsCoverage from './routes/analytics-coverage/routes.js';
import * as analyticsDrivers from './routes/analytics-drivers/routes.js';
import * as analyticsGaps from './routes/analytics-gaps/routes.js';
import * as apiKeys from './routes/api-keys/routes.js';
import * as audit from './routes/audit/routes.js';
import * as auth from './routes/auth/routes.js';
import * as sso from './routes/auth/sso-routes.js';
import * as campaigns from './routes/campaigns/routes.js';
import * as caseRules from './routes/case-rules/routes.js';
import * as cases from './routes/cases/routes.js';
import * as contacts from './routes/contacts/routes.js';
import * as email from './routes/email/routes.js';
import * as employeePulse from './routes/employee-pulse/routes.js';
import * as feedbackIngest from './routes/feedback/ingest-routes.js';
import * as feedback from './routes/feedback/routes.js';
import * as feedbackStream from './routes/feedback/stream-routes.js';
import * as hosted from './routes/hosted/routes.js';
import * as imports from './routes/imports/routes.js';
import * as initiatives from './routes/initiatives/routes.js';
import * as journeys from './routes/journeys/routes.js';
import * as organisation from './routes/organisation/routes.js';
import * as outcomes from './routes/outcomes/routes.js';
import * as privacy from './routes/privacy/routes.js';
import * as reports from './routes/reports/routes.js';
import * as responses from './routes/responses/routes.js';
import * as scores from './routes/scores/routes.js';
import * as shareLinks from './routes/share-links/routes.js';
import * as surveyImport from './routes/survey-import/routes.js';
import * as surveys from './routes/surveys/routes.js';
import * as teams from './routes/teams/routes.js';
import * as text from './routes/text/routes.js';
import * as touchpoints from './routes/touchpoints/routes.js';
import * as triggers from './routes/triggers/routes.js';
import * as users from './routes/users/routes.js';
import * as value from './routes/value/routes.js';
import * as webhooks from './routes/webhooks/routes.js';
import * as widget from './routes/widget/routes.js';

/** Every API route. `auth` names the permission required ('public': none). */
export const ROUTES: RouteDef[] = [
  { method: 'POST', url: '/api/v1/auth/login', auth: 'public', ...auth.loginRoute },
  { method: 'GET', url: '/api/v1/auth/me', auth: 'public', ...auth.meRoute },
  { method: 'POST', url: '/api/v1/auth/logout', auth: 'read', ...auth.logoutRoute },
  { method: 'GET', url: '/api/v1/auth/methods', auth: 'public', ...sso.signInMethodsRoute },
  { method: 'GET', url: '/api/v1/auth/oidc/login', auth: 'public', ...sso.ssoLoginRoute },
  { method: 'GET', url: '/api/v1/auth/oidc/callback', auth: 'public', ...sso.ssoCallbackRoute },
  { method: 'GET', url: '/api/v1/api-keys', auth: 'administer', ...apiKeys.listApiKeysRoute },
  { method: 'POST', url: '/api/v1/api-keys', auth: 'administer', ...apiKeys.createApiKeyRoute },
  { method: 'DELETE', url: '/api/v1/api-keys/:id', auth: 'administer', ...apiKeys.revokeApiKeyRoute },
  { method: 'GET', url: '/api/v1/users', auth: 'read', ...users.listUsersRoute },
  { method: 'PATCH', url: '/api/v1/users/:id', auth: 'administer', ...users.updateUserRoute },
  { method: 'DELETE', url: '/api/v1/users/:id', auth: 'administer', ...users.removeUserRoute },
  { method: 'GET', url: '/api/v1/user-invitations', auth: 'administer', ...users.listUserInvitationsRoute },
  { method: 'POST', url: '/api/v1/user-invitations', auth: 'administer', ...users.createUserInvitationRoute },
  {
    method: 'POST',
    url: '/api/v1/user-invitations/:id/resend',
    auth: 'administer',
    ...users.resendUserInvitationRoute,
  },
  {
    method: 'DELETE',
    url: '/api/v1/user-invitations/:id',
    auth: 'administer',
    ...users.revokeUserInvitationRoute,
  },
  { method: 'POST', url: '/api/v1/auth/invitation', auth: 'public', ...users.lookUpInvitationRoute },
  { method: 'POST', url: '/api/v1/auth/invitation/accept', auth: 'public', ...users.acceptInvitationRoute },
  { method: 'GET', url: '/api/v1/share-links', auth: 'configure', ...shareLinks.listShareLinksRoute },
  { method: 'POST', url: '/api/v1/share-links', auth: 'configure', ...shareLinks.createShareLinkRoute },
  { method: 'DELETE', url: '/api/v1/share-links/:id', auth: 'configure', ...shareLinks.revokeShareLinkRoute },
  { method: 'GET', url: '/shared/:token', auth: 'public', ...shareLinks.openShareLinkRoute },
  { method: 'GET', url: '/api/v1/audit', auth: 'administer', ...audit.listAuditRoute },
  { method: 'GET', url: '/api/v1/organisation/retention', auth: 'administer', ...privacy.getRetentionRoute },
  { method: 'PUT', url: '/api/v1/organisation/retention', auth: 'administer', ...privacy.putRetentionRoute },
  { method: 'GET', url: '/api/v1/organisation/language', auth: 'read', ...organisation.getLanguageRoute },
  {
    method: 'PUT',
    url: '/api/v1/organisation/language',
    auth: 'administer',
    ...organisation.putLanguageRoute,
  },

  { method: 'GET', url: '/api/v1/journeys', auth: 'read', ...journeys.listJourneysRoute },
  { method: 'POST', url: '/api/v1/journeys', auth: 'configure', ...journeys.createJourneyRoute },
  { method: 'GET', url: '/api/v1/journeys/:id', auth: 'read', ...journeys.getJourneyRoute },

  { method: 'GET', url: '/api/v1/touchpoints', auth: 'read', ...touchpoints.listTouchpointsRoute },
  { method: 'POST', url: '/api/v1/touchpoints', auth: 'configure', ...touchpoints.createTouchpointRoute },
  { method: 'GET', url: '/api/v1/touchpoints/:id', auth: 'read', ...touchpoints.getTouchpointRoute },

  { method: 'GET', url: '/api/v1/surveys', auth: 'read', ...surveys.listSurveysRoute },
  { method: 'POST', url: '/api/v1/surveys', auth: 'configure', ...surveys.createSurveyRoute },
  { method: 'GET', url: '/api/v1/surveys/:id', auth: 'read', ...surveys.getSurveyRoute },
  { method: 'PATCH', url: '/api/v1/surveys/:id', auth: 'configure', ...surveys.updateSurveyRoute },
  { method: 'GET', url: '/api/v1/surveys/:id/versions', auth: 'read', ...surveys.listSurveyVersionsRoute },
  {
    method: 'GET',
    url: '/api/v1/surveys/:id/versions/:version',
    auth: 'read',
    ...surveys.getSurveyVersionRoute,
  },
  { method: 'POST', url: '/api/v1/surveys/:id/responses', auth: 'respond', ...responses.submitResponseRoute },
  {
    method: 'POST',
    url: '/api/v1/surveys/:id/responses/batch',
    auth: 'respond',
    ...responses.submitResponseBatchRoute,
  },
  { method: 'GET', url: '/api/v1/responses/:id', auth: 'read', ...responses.getResponseRoute },

  { method: 'GET', url: '/api/v1/contacts', auth: 'read', ...contacts.listContactsRoute },
  { method: 'POST', url: '/api/v1/contacts', auth: 'configure', ...contacts.upsertContactRoute },
  { method: 'GET', url: '/api/v1/contacts/:id', auth: 'read', ...contacts.getContactRoute },
  { method: 'DELETE', url: '/api/v1/contacts/:id', auth: 'administer', ...privacy.eraseContactRoute },
  { method: 'GET', url: '/api/v1/contacts/:id/export', auth: 'administer', ...privacy.exportContactRoute },
  { method: 'POST', url: '/api/v1/contacts/batch', auth: 'configure', ...contacts.upsertContactBatchRoute },
  { method: 'GET', url: '/api/v1/contact-lists', auth: 'read', ...campaigns.listListsRoute },
  { method: 'POST', url: '/api/v1/contact-lists', auth: 'configure', ...campaigns.createListRoute },
  {
    method: 'POST',
    url: '/api/v1/contact-lists/:id/members',
    auth: 'configure',
    ...campaigns.addListMembersRoute,
  },
  { method: 'GET', url: '/api/v1/segments', auth: 'read', ...campaigns.listSegmentsRoute },
  { method: 'POST', url: '/api/v1/segments', auth: 'configure', ...campaigns.createSegmentRoute },
  { method: 'POST', url: '/api/v1/audiences/preview', auth: 'read', ...campaigns.previewAudienceRoute },
  { method: 'GET', url: '/api/v1/frequency-rules', auth: 'read', ...campaigns.listFrequencyRulesRoute },
  {
    method: 'POST',
    url: '/api/v1/frequency-rules',
    auth: 'configure',
    ...campaigns.createFrequencyRuleRoute,
  },
  {
    method: 'DELETE',
    url: '/api/v1/frequency-rules/:id',
    auth: 'configure',
    ...campaigns.deleteFrequencyRuleRoute,
  },

  { method: 'GET', url: '/api/v1/campaigns', auth: 'read', ...campaigns.listCampaignsRoute },
  { method: 'POST', url: '/api/v1/campaigns', auth: 'configure', ...campaigns.createCampaignRoute },
  { method: 'GET', url: '/api/v1/campaigns/:id', auth: 'read', ...campaigns.getCampaignRoute },
  {
    method: 'POST',
    url: '/api/v1/campaigns/:id/launch',
    auth: 'configure',
    ...campaigns.launchCampaignRoute,
  },
  {
    method: 'GET',
    url: '/api/v1/campaigns/:id/invitations',
    auth: 'read',
    ...campaigns.listInvitationsRoute,
  },
  {
    method: 'POST',
    url: '/api/v1/invitations/:id/bounce',
    auth: 'configure',
    ...campaigns.recordBounceRoute,
  },
  { method: 'GET', url: '/api/v1/response-rates', auth: 'read', ...campaigns.responseRatesRoute },
  { method: 'POST', url: '/api/v1/triggers', auth: 'respond', ...triggers.triggerRoute },
  { method: 'GET', url: '/api/v1/trigger-rules', auth: 'read', ...triggers.listTriggerRulesRoute },
  { method: 'POST', url: '/api/v1/trigger-rules', auth: 'configure', ...triggers.createTriggerRuleRoute },
  { method: 'GET', url: '/api/v1/trigger-decisions', auth: 'read', ...triggers.listTriggerDecisionsRoute },
  { method: 'GET', url: '/e/:token/open.gif', auth: 'public', ...email.openPixelRoute },
  { method: 'GET', url: '/e/:token/unsubscribe', auth: 'public', ...email.unsubscribePageRoute },
  { method: 'POST', url: '/e/:token/unsubscribe', auth: 'public', ...email.unsubscribeRoute },
  { method: 'GET', url: '/e/:token/:score', auth: 'public', ...email.oneClickRoute },
  { method: 'POST', url: '/e/:token/:score', auth: 'public', ...email.oneClickConfirmRoute },

  { method: 'GET', url: '/api/v1/feedback', auth: 'read', ...feedback.listFeedbackRoute },
  { method: 'GET', url: '/api/v1/feedback/stream', auth: 'read', ...feedbackStream.feedbackStreamRoute },
  { method: 'POST', url: '/api/v1/feedback', auth: 'respond', ...feedbackIngest.ingestFeedbackRoute },
  {
    method: 'POST',
    url: '/api/v1/feedback/batch',
    auth: 'respond',
    ...feedbackIngest.ingestFeedbackBatchRoute,
  },
  { method: 'GET', url: '/api/v1/scores', auth: 'read', ...scores.getScoresRoute },
  { method: 'GET', url: '/api/v1/scores/overview', auth: 'read', ...scores.getScoreOverviewRoute },
  { method: 'GET', url: '/api/v1/analytics/slice', auth: 'read', ...analytics.sliceRoute },
  { method: 'GET', url: '/api/v1/analytics/compare', auth: 'read', ...analytics.compareRoute },
  { method: 'GET', url: '/api/v1/analytics/movers', auth: 'read', ...analytics.moversRoute },
  { method: 'GET', url: '/api/v1/analytics/settings', auth: 'read', ...analytics.getSettingsRoute },
  { method: 'PUT', url: '/api/v1/analytics/settings', auth: 'configure', ...analytics.putSettingsRoute },
  { method: 'GET', url: '/api/v1/analytics/drivers', auth: 'read', ...analyticsDrivers.driversRoute },
  {
    method: 'GET',
    url: '/api/v1/analytics/expectation-gap',
    auth: 'read',
    ...analyticsGaps.expectationGapRoute,
  },
  { method: 'GET', url: '/api/v1/analytics/ipa', auth: 'read', ...analyticsGaps.ipaRoute },
  { method: 'GET', url: '/api/v1/analytics/delivery-gap', auth: 'read', ...analyticsGaps.deliveryGapRoute },
  { method: 'PUT', url: '/api/v1/analytics/mirrors/:id', auth: 'configure', ...analyticsGaps.setMirrorRoute },
  { method: 'GET', url: '/api/v1/analytics/coverage', auth: 'read', ...analyticsCoverage.coverageRoute },

  { method: 'GET', url: '/api/v1/text/taxonomy', auth: 'read', ...text.getTaxonomyRoute },
  { method: 'PUT', url: '/api/v1/text/taxonomy', auth: 'configure', ...text.putTaxonomyRoute },
  { method: 'GET', url: '/api/v1/text/settings', auth: 'read', ...text.getTextSettingsRoute },
  { method: 'PUT', url: '/api/v1/text/settings', auth: 'administer', ...text.putTextSettingsRoute },
  { method: 'GET', url: '/api/v1/text/runs', auth: 'read', ...text.listRunsRoute },
  { method: 'POST', url: '/api/v1/text/runs', auth: 'configure', ...text.startRerunRoute },
  { method: 'GET', url: '/api/v1/text/runs/:id', auth: 'read', ...text.getRunRoute },
  { method: 'POST', url: '/api/v1/text/models/train', auth: 'configure', ...text.trainModelRoute },
  { method: 'GET', url: '/api/v1/text/search', auth: 'read', ...text.searchRoute },
  { method: 'GET', url: '/api/v1/text/themes/impact', auth: 'read', ...text.impactRoute },
  { method: 'GET', url: '/api/v1/text/themes/trend', auth: 'read', ...text.trendRoute },
  { method: 'GET', url: '/api/v1/text/themes/suggestions', auth: 'read', ...text.suggestionsRoute },
  { method: 'GET', url: '/api/v1/text/themes/:id/verbatims', auth: 'read', ...text.verbatimsRoute },
  { method: 'POST', url: '/api/v1/feedback/:id/themes', auth: 'respond', ...text.tagFeedbackRoute },

  { method: 'POST', url: '/api/v1/imports', auth: 'configure', ...imports.createImportRoute },
  { method: 'GET', url: '/api/v1/imports', auth: 'read', ...imports.listImportsRoute },
  { method: 'GET', url: '/api/v1/imports/:id', auth: 'read', ...imports.getImportRoute },

  { method: 'POST', url: '/api/v1/surveys/:id/links', auth: 'configure', ...hosted.createPersonalLinkRoute },
  { method: 'GET', url: '/s/:id', auth: 'public', ...hosted.surveyPageRoute },
  { method: 'POST', url: '/s/:id', auth: 'public', ...hosted.surveyFormRoute },
  { method: 'POST', url: '/s/:id/partial', auth: 'public', ...hosted.surveyPartialRoute },
  { method: 'POST', url: '/s/:id/complete', auth: 'public', ...hosted.surveyCompleteRoute },

  { method: 'GET', url: '/api/v1/widget/sites', auth: 'read', ...widget.listWidgetSitesRoute },
  { method: 'POST', url: '/api/v1/widget/sites', auth: 'configure', ...widget.createWidgetSiteRoute },
  { method: 'PUT', url: '/api/v1/widget/sites/:id', auth: 'configure', ...widget.updateWidgetSiteRoute },
  {
    method: 'GET',
    url: '/api/v1/public/widget/:siteKey/config',
    auth: 'public',
    ...widget.widgetConfigRoute,
  },
  {
    method: 'POST',
    url: '/api/v1/public/widget/:siteKey/responses',
    auth: 'public',
    ...widget.widgetResponseRoute,
  },
  {
    method: 'POST',
    url: '/api/v1/surveys/import/surveyjs',
    auth: 'configure',
    ...surveyImport.importSurveyJsRoute,
  },

  { method: 'GET', url: '/api/v1/initiatives', auth: 'read', ...initiatives.listInitiativesRoute },
  { method: 'POST', url: '/api/v1/initiatives', auth: 'configure', ...initiatives.createInitiativeRoute },
  { method: 'GET', url: '/api/v1/initiatives/:id', auth: 'read', ...initiatives.getInitiativeRoute },
  { method: 'PATCH', url: '/api/v1/initiatives/:id', auth: 'configure', ...initiatives.patchInitiativeRoute },
  {
    method: 'GET',
    url: '/api/v1/initiatives/:id/effect',
    auth: 'read',
    ...initiatives.initiativeEffectRoute,
  },
  {
    method: 'POST',
    url: '/api/v1/initiatives/:id/milestones',
    auth: 'configure',
    ...initiatives.addMilestoneRoute,
  },
  {
    method: 'PATCH',
    url: '/api/v1/initiatives/:id/milestones/:milestoneId',
    auth: 'configure',
    ...initiatives.patchMilestoneRoute,
  },
  { method: 'POST', url: '/api/v1/initiatives/:id/notes', auth: 'respond', ...initiatives.addNoteRoute },
  {
    method: 'POST',
    url: '/api/v1/initiatives/:id/follow-up',
    auth: 'configure',
    ...initiatives.followUpRoute,
  },
  {
    method: 'GET',
    url: '/api/v1/initiatives/:id/follow-ups',
    auth: 'read',
    ...initiatives.listFollowUpsRoute,
  },
  { method: 'GET', url: '/api/v1/employee-pulse', auth: 'read', ...employeePulse.listPulseSurveysRoute },
  {
    method: 'GET',
    url: '/api/v1/employee-pulse/:surveyId/link',
    auth: 'read',
    ...employeePulse.pulseLinkRoute,
  },
  {
    method: 'GET',
    url: '/api/v1/employee-pulse/:surveyId',
    auth: 'read',
    ...employeePulse.employeePulseRoute,
  },
  { method: 'GET', url: '/api/v1/reports', auth: 'read', ...reports.listReportsRoute },
  { method: 'POST', url: '/api/v1/reports', auth: 'configure', ...reports.createReportRoute },
  { method: 'GET', url: '/api/v1/reports/:id.pdf', auth: 'read', ...reports.reportPdfRoute },
  { method: 'GET', url: '/api/v1/reports/:id', auth: 'read', ...reports.getReportRoute },
  { method: 'DELETE', url: '/api/v1/reports/:id', auth: 'configure', ...reports.deleteReportRoute },
  { method: 'POST', url: '/api/v1/reports/:id/send', auth: 'configure', ...reports.sendReportRoute },
  { method: 'GET', url: '/api/v1/teams', auth: 'read', ...teams.listTeamsRoute },
  { method: 'POST', url: '/api/v1/teams', auth: 'configure', ...teams.createTeamRoute },
  { method: 'GET', url: '/api/v1/teams/:id', auth: 'read', ...teams.getTeamRoute },
  { method: 'PATCH', url: '/api/v1/teams/:id', auth: 'configure', ...teams.updateTeamRoute },
  { method: 'DELETE', url: '/api/v1/teams/:id', auth: 'configure', ...teams.deleteTeamRoute },
  { method: 'GET', url: '/api/v1/case-rules', auth: 'read', ...caseRules.listCaseRulesRoute },
  { method: 'POST', url: '/api/v1/case-rules', auth: 'configure', ...caseRules.createCaseRuleRoute },
  { method: 'GET', url: '/api/v1/case-rules/:id', auth: 'read', ...caseRules.getCaseRuleRoute },
  { method: 'PATCH', url: '/api/v1/case-rules/:id', auth: 'configure', ...caseRules.updateCaseRuleRoute },
  { method: 'DELETE', url: '/api/v1/case-rules/:id', auth: 'configure', ...caseRules.deleteCaseRuleRoute },
  { method: 'GET', url: '/api/v1/cases', auth: 'read', ...cases.listCasesRoute },
  { method: 'GET', url: '/api/v1/cases/stats', auth: 'read', ...cases.caseStatsRoute },
  { method: 'GET', url: '/api/v1/cases/:id', auth: 'read', ...cases.getCaseRoute },
  { method: 'PATCH', url: '/api/v1/cases/:id', auth: 'respond', ...cases.updateCaseRoute },
  { method: 'POST', url: '/api/v1/cases/:id/notes', auth: 'respond', ...cases.addNoteRoute },
  { method: 'POST', url: '/api/v1/cases/:id/reply', auth: 'respond', ...cases.replyRoute },
  { method: 'POST', url: '/api/v1/cases/:id/close', auth: 'respond', ...cases.closeCaseRoute },
  { method: 'POST', url: '/api/v1/cases/:id/reopen', auth: 'respond', ...cases.reopenCaseRoute },
  { method: 'GET', url: '/api/v1/webhooks', auth: 'configure', ...webhooks.listWebhooksRoute },
  { method: 'POST', url: '/api/v1/webhooks', auth: 'configure', ...webhooks.createWebhookRoute },
  { method: 'GET', url: '/api/v1/webhooks/:id', auth: 'configure', ...webhooks.getWebhookRoute },
  { method: 'PATCH', url: '/api/v1/webhooks/:id', auth: 'configure', ...webhooks.updateWebhookRoute },
  { method: 'DELETE', url: '/api/v1/webhooks/:id', auth: 'configure', ...webhooks.deleteWebhookRoute },
  {
    method: 'GET',
    url: '/api/v1/webhooks/:id/deliveries',
    auth: 'configure',
    ...webhooks.listDeliveriesRoute,
  },
  {
    method: 'POST',
    url: '/api/v1/webhooks/:id/deliveries/:deliveryId/retry',
    auth: 'configure',
    ...webhooks.retryDeliveryRoute,
  },
  // prove: outcomes, value, churn risk, programme maturity
  { method: 'POST', url: '/api/v1/outcomes', auth: 'configure', ...outcomes.createOutcomeRoute },
  { method: 'POST', url: '/api/v1/outcomes/batch', auth: 'configure', ...outcomes.createOutcomeBatchRoute },
  { method: 'POST', url: '/api/v1/outcomes/import', auth: 'configure', ...outcomes.importOutcomesRoute },
  { method: 'GET', url: '/api/v1/outcomes', auth: 'read', ...outcomes.listOutcomesRoute },
  { method: 'GET', url: '/api/v1/value/summary', auth: 'read', ...value.valueSummaryRoute },
  { method: 'GET', url: '/api/v1/value/satisfied-defectors', auth: 'read', ...value.satisfiedDefectorsRoute },
  { method: 'GET', url: '/api/v1/value/revenue-at-risk', auth: 'read', ...value.revenueAtRiskRoute },
  { method: 'GET', url: '/api/v1/value/initiatives', auth: 'read', ...value.initiativesRoiRoute },
  { method: 'GET', url: '/api/v1/initiatives/:id/roi', auth: 'read', ...value.initiativeRoiRoute },
  { method: 'GET', url: '/api/v1/churn/risk', auth: 'read', ...value.churnRiskRoute },
  { method: 'POST', url: '/api/v1/churn/models', auth: 'configure', ...value.trainChurnRoute },
  { method: 'GET', url: '/api/v1/contacts/:id/risk', auth: 'read', ...value.contactRiskRoute },
  { method: 'GET', url: '/api/v1/programme/maturity', auth: 'read', ...value.maturityRoute },
  {
    method: 'PUT',
    url: '/api/v1/programme/maturity/questionnaire',
    auth: 'configure',
    ...value.putMaturityQuestionnaireRoute,
  },
];
