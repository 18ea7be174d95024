// Listen: journeys and touchpoints, contacts, surveys, and the intake of responses into feedback.
export * from './contacts/index.js';
export * from './feedback/index.js';
export * from './journeys/index.js';
export * from './responses/index.js';
export * from './surveys/index.js';
