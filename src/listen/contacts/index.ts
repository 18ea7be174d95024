// Contacts: the people who give feedback, with typed attributes and consent.
//
// types.ts: shapes · attributes.ts: typed attributes · contacts.ts: one contact · resolve.ts: many
// references at once · segments.ts: lists and segments · fatigue.ts: contact-frequency rules ·
// totals.ts: the kept contact count · every-contact.ts: rules every contact passes ·
// contact-index*.ts: the in-memory index counting segment rules
export { attributeProblems, checkAttributes, listAttributeTypes } from './attributes.js';
export { configureContactIndex, warmContactIndex } from './contact-index-engine.js';
export { findContactByExternalId, getContact, listContacts, upsertContact } from './contacts.js';
export {
  createFrequencyRule,
  deleteFrequencyRule,
  type FrequencyRule,
  invitationBlocks,
  listFrequencyRules,
  lockInvitations,
} from './fatigue.js';
export { resolveContacts } from './resolve.js';
export {
  type Audience,
  addToList,
  audienceCondition,
  type ContactList,
  createList,
  createSegment,
  listLists,
  listSegments,
  previewAudience,
  type Segment,
  SegmentRule,
  segmentCondition,
} from './segments.js';
export { contactCount, foldPiledContactDeltas, startContactDeltaSweep } from './totals.js';
export type {
  AttributeType,
  AttributeValue,
  Contact,
  ContactInput,
  ContactRef,
  ResolvedContact,
} from './types.js';
