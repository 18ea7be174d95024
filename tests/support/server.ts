// Browser tests' entry: a listening server with demo data.
export { startTestServer } from './app.js';
