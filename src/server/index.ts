// The HTTP server: build the app, listen, and shut down gracefully.
export { type AppOptions, buildApp } from './app.js';
export { ROUTES } from './routes.js';
export {
  closeOnSignals,
  ensureFirstAdmin,
  type RunningServer,
  startServer,
  survivesDatabaseLoss,
} from './start.js';
