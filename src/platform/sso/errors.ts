// The problems single sign-on answers with.
import { AppError } from '../errors/index.js';

/** The login did not complete: state missing, not this browser's, used or expired; the provider said no. */
export class SsoError extends AppError {
  readonly code = 'sso_failed';
  readonly status = 400;
}

/** This server has no single sign-on set up (or it names an organisation that does not exist). */
export class SsoNotConfiguredError extends AppError {
  readonly code = 'sso_not_configured';
  readonly status = 404;
}

/** The identity provider could not be reached. */
export class SsoUnavailableError extends AppError {
  readonly code = 'sso_unavailable';
  readonly status = 503;
}

/** Password login is turned off (NORTHSTAR_PASSWORD_LOGIN=false): single sign-on only. */
export class PasswordLoginDisabledError extends AppError {
  readonly code = 'password_login_disabled';
  readonly status = 403;
}
