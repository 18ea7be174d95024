// The organisation's own settings kept in listen: its language.
export { getOrganisationLanguage, setOrganisationLanguage } from './language.js';
