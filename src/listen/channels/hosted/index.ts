// The hosted survey page's module: public survey lookup, respondent sessions with partial answers,
// personal and form tokens, step-by-step answering and completion through the one intake path.
//
// visits.ts: open or resume a visit · path.ts: position on the path (pure) · answering.ts: steps,
// partial answers, completion · personal-links.ts: personal tokens · tokens.ts: signing ·
// render.ts, style.ts: the one survey renderer (pure, shared with the widget) · page.ts: the page
export {
  answerStep,
  complete,
  prefillPersonalAnswer,
  type StepOutcome,
  savePartial,
} from './answering.js';
export { type PageData, renderVisitPage, type ShownStep } from './page.js';
export { currentQuestion, pathPosition, referencedAttributes } from './path.js';
export { createPersonalToken } from './personal-links.js';
export {
  checkStep,
  esc,
  readAnswer,
  renderEnding,
  renderNotice,
  renderQuestion,
  renderStep,
  type StepView,
  word,
} from './render.js';
export { SURVEY_CSS } from './style.js';
export { nonce, signToken, type TokenPayload, verifyToken } from './tokens.js';
export {
  findPublicSurvey,
  newSessionCookie,
  openVisit,
  type PublicSurvey,
  resumeVisit,
  type Visit,
} from './visits.js';
