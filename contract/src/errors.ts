// Every error code the API answers with, REST and socket alike. A client switches on these; the
// server's AppError accepts nothing else, so a new code is added here first.
export const ERROR_CODES = [
  // 400
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'INVALID_MULTIPART',
  'BAD_REQUEST',
  // 401
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'INVALID_SIGNATURE',
  'INVALID_IDENTITY_TOKEN',
  /** A portal or password-reset link that is forged, expired or already used. */
  'INVALID_LINK',
  // 403
  'FORBIDDEN',
  'ACCOUNT_DISABLED',
  'ORIGIN_NOT_ALLOWED',
  'WRONG_PASSWORD',
  'NO_PASSWORD',
  'PASSWORD_CHANGE_REQUIRED',
  // 404
  'NOT_FOUND',
  // 409
  'EMAIL_TAKEN',
  'SLUG_TAKEN',
  'CATEGORY_IN_USE',
  'LABEL_NAME_TAKEN',
  'TICKET_CLOSED',
  'CLIENT_ID_REUSED',
  'NO_SIGN_IN_EMAIL',
  'TICKET_NOT_RESOLVED',
  'ALREADY_RATED',
  // 413
  'PAYLOAD_TOO_LARGE',
  'QUOTA_EXCEEDED',
  // 415
  'UNSUPPORTED_FILE_TYPE',
  'UNSUPPORTED_MEDIA_TYPE',
  // 429
  'RATE_LIMITED',
  // 500, 503
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
  'SHUTTING_DOWN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes only a client produces, never the server: the server could not be reached (NETWORK), a
 * socket ack did not come in time (TIMEOUT), or the client was closed (CLOSED).
 */
export type ClientErrorCode = 'NETWORK' | 'TIMEOUT' | 'CLOSED' | 'UNAVAILABLE';

export interface ErrorDetail {
  /** Dotted path of the field, e.g. `body.subject` or `query.cursor`. */
  path: string;
  message: string;
}

/** The body of every error response: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

/** Errors that trying the same request again cannot fix (a socket send gives up on these). */
export const FINAL_ERROR_CODES: ReadonlySet<ErrorCode | ClientErrorCode> = new Set<ErrorCode | ClientErrorCode>([
  'CLOSED',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'TICKET_CLOSED',
  'CLIENT_ID_REUSED',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'PASSWORD_CHANGE_REQUIRED',
  'ACCOUNT_DISABLED',
]);

/** An API call that failed, as every client sees it. `status` is 0 when the server was not reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode | `HTTP_${number}`,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
