// The contract's limits as plain numbers: the schemas enforce them, and the widget checks them
// before sending (importing this module costs it no zod).

/** [min, max] characters of each text field, after trimming. */
export const TEXT = {
  subject: [3, 200],
  ticketDescription: [1, 10_000],
  comment: [1, 10_000],
  message: [1, 5_000],
  personName: [1, 100],
  categorySlug: [1, 60],
  categoryName: [1, 80],
  categoryDescription: [0, 500],
  siteName: [1, 100],
  greeting: [0, 200],
  search: [1, 200],
  savedReplyTitle: [1, 100],
  savedReplyBody: [1, 5_000],
  labelName: [1, 40],
  ratingComment: [1, 2_000],
} as const satisfies Record<string, readonly [number, number]>;

export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
/** bcrypt reads only the first 72 bytes of a password: a longer one would silently match its prefix. */
export const PASSWORD_MAX_BYTES = 72;

/** Each uploaded file, and how many one request may carry. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_REQUEST = 10;
/** Types accepted as uploads; the server checks the bytes, not the name. */
export const UPLOAD_TYPES = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'application/pdf': ['.pdf'],
  'application/zip': ['.zip'],
  'text/plain': ['.txt', '.log', '.md'],
  'text/csv': ['.csv'],
} as const satisfies Record<string, readonly string[]>;

export const PAGE_LIMIT_MAX = 100;
