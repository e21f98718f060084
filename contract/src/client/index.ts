// @deskline/contract/client: the browser side of the contract, free of zod. The typed HTTP client,
// the realtime client, and the chat state both the widget and the console run on.
export { ApiError, FINAL_ERROR_CODES } from '../errors.js';
export type { ClientErrorCode, ErrorBody, ErrorCode, ErrorDetail } from '../errors.js';
export * from './chat.js';
export * from './http.js';
export * from './realtime.js';
