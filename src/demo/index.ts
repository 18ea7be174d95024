// Demo organisation: a deterministic online-retailer CX programme (generator) and its fast loader.

export { DEMO_CAMPAIGNS, loadDemoCampaigns } from './campaigns.js';
export {
  DELIVERY_INCIDENT_MONTHS_AGO,
  DEMO_CONTACTS,
  DEMO_MONTHS,
  DEMO_RESPONSES,
  type DemoContact,
  type DemoDataset,
  type DemoFeedback,
  type DemoHead,
  type DemoPlan,
  type DemoResponse,
  type DemoStage,
  type DemoStory,
  type DemoSurvey,
  type DemoTouchpoint,
  demoIncidentMonth,
  type SurveyDefinition,
} from './dataset.js';
export { generateDemoData, planDemoData } from './generate.js';
export { demoOrgId, type LoadDemoOptions, type LoadDemoResult, loadDemoData, startOfToday } from './load.js';
export { DEMO_PULSE_TEAMS, loadDemoPulse } from './pulse.js';
