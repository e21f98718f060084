// Every string the widget and the portal show, one table per locale. English is built into the app;
// the other locales are JSON tables in ./tables (same keys: locales.test.ts checks), built into
// hashed files beside the app and fetched only by the visitors who read them.
import { format, LAUNCHER, type Locale } from './launcher.js';

export const en = {
  ...LAUNCHER.en,
  title: 'Support',
  closePanel: 'Close',
  back: 'Back',
  myTickets: 'My tickets',
  noTickets: 'You have no tickets yet.',
  newTicket: 'New ticket',
  startLabel: 'Start a conversation',
  startPlaceholder: 'Type your question…',
  moreOptions: 'New ticket with more options',
  loading: 'Loading…',
  retry: 'Retry',
  ticketNumber: '#{n}',
  unreadCount: '{n} unread',
  status_OPEN: 'Open',
  status_IN_PROGRESS: 'In progress',
  status_RESOLVED: 'Resolved',
  status_CLOSED: 'Closed',
  priority_LOW: 'Low',
  priority_MEDIUM: 'Medium',
  priority_HIGH: 'High',
  priority_URGENT: 'Urgent',
  subject: 'Subject',
  description: 'Description',
  category: 'Category',
  priority: 'Priority',
  attachments: 'Attachments',
  attachHint: 'Up to 10 files, 10 MB each: images, PDF, text, CSV or ZIP.',
  removeFile: 'Remove {name}',
  attach: 'Attach files',
  uploading: 'Uploading {name}',
  errUpload: 'The file could not be sent. Try again.',
  yourName: 'Your name (optional)',
  yourEmail: 'Your email (optional, for replies)',
  send: 'Send',
  submitTicket: 'Send ticket',
  sending: 'Sending…',
  fixErrors: 'Please correct the highlighted fields.',
  errSubject: 'The subject needs 3 to 200 characters.',
  errDescription: 'The description needs 1 to 10,000 characters.',
  errCategory: 'Choose a category.',
  errEmail: 'Enter a valid email address.',
  errFileSize: '{name} is larger than 10 MB.',
  errFileType: '{name} is not an allowed file type.',
  errFileCount: 'Attach at most 10 files.',
  errPassword: 'The password needs at least 8 characters.',
  errName: 'Enter your name.',
  created: 'Ticket #{n} created.',
  details: 'Details',
  comments: 'Comments',
  noComments: 'No comments yet.',
  chat: 'Chat',
  conversation: 'Conversation',
  newMessages: 'New messages',
  statusChanged: 'Status changed to {status}',
  noMessages: 'No messages yet. Write to us below.',
  messageLabel: 'Message',
  messagePlaceholder: 'Write a message…',
  typing: '{name} is typing…',
  stSending: 'Sending…',
  stSent: 'Sent',
  stRead: 'Read',
  stFailed: 'Not sent.',
  chatClosed: 'This ticket is closed, and its chat with it.',
  replyReopens: 'Write to us below to reopen this ticket.',
  replyFollowUp: 'Writing to us below starts a new ticket that follows up this one.',
  followUpOf: 'Follow-up of #{n}',
  ratingAsk: 'How did we do?',
  ratingOf: '{n} out of 5',
  ratingComment: 'Anything to add? (optional)',
  ratingSend: 'Send rating',
  ratingSending: 'Sending…',
  ratingPick: 'Pick a score from 1 to 5.',
  ratingThanks: 'Thank you for your rating!',
  newMessageFrom: 'New message from {name}: {body}',
  you: 'You',
  offline: 'Connection lost. Reconnecting…',
  teamOnline: 'Online',
  teamAway: 'Away',
  onlineNames: 'Online now: {names}',
  reply_minutes: 'Usually replies in a few minutes',
  reply_hour: 'Usually replies in under an hour',
  reply_day: 'Usually replies within a day',
  awayDefault: 'We’re away right now. Leave a message and we’ll reply when we’re back.',
  ticketGone: 'This ticket no longer exists.',
  openedOn: 'Opened {date}',
  signIn: 'Sign in',
  signOut: 'Sign out',
  register: 'Create account',
  signInTitle: 'Sign in with email',
  registerTitle: 'Create an account',
  email: 'Email',
  password: 'Password',
  name: 'Name',
  haveAccount: 'Already have an account? Sign in',
  noAccount: 'No account yet? Create one',
  signedInAs: 'Signed in as {name}',
  guest: 'Chatting as a guest',
  signInPrompt: 'Sign in to see your tickets.',
  forgotPassword: 'Forgot password?',
  resetSend: 'Email me a link',
  resetSent: 'If an account uses this email, a link to choose a new password is on its way. It works once, for 30 minutes.',
  resetDone: 'Your password is changed. Sign in with the new one.',
  errLink: 'This link does not work any more. Sign in, or ask for a new email.',
  registerPrompt: 'Create an account to follow your tickets and chat with us.',
  errOrigin: 'Support is not available on this website: {origin} is not one of its allowed addresses.',
  errSignature: 'We could not verify who you are, so support is unavailable here. Please reload the page or contact the website.',
  errSiteKey: 'This support widget is not set up correctly (unknown site key).',
  errNetwork: 'Cannot reach the support service. Check your connection and try again.',
  errGeneric: 'Something went wrong: {message}',
  errRateLimited: 'Too many attempts. Please wait a few minutes.',
  changePassword: 'Change password',
  changePasswordTitle: 'Change your password',
  passwordRequired: 'Your password was given to you. Choose your own to continue.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Repeat the new password',
  passwordHint: 'At least 8 characters and at most 72 bytes (accented letters count 2, emoji 4).',
  errPasswordLong: 'The password is too long: at most 72 bytes (accented letters count 2, emoji 4).',
  errPasswordSame: 'Choose a password different from the current one.',
  errPasswordMismatch: 'The two new passwords do not match.',
  errWrongPassword: 'This is not your current password.',
  savePassword: 'Save password',
  passwordChanged: 'Password changed. You were signed out everywhere else.',
};

export type Strings = typeof en;
export type StringKey = keyof Strings;


const TABLES: Partial<Record<Locale, Strings>> = { en };

/** Replaced at build time (rollup.config.mjs): locale → the hashed file name of its table. */
declare const __LOCALE_FILES__: Partial<Record<Locale, string>>;

/** The locale's table: built in, or fetched from the Deskline server; English when that fails. */
export async function loadStrings(locale: Locale, origin: string): Promise<Strings> {
  const built = TABLES[locale];
  if (built) return built;
  try {
    const res = await fetch(`${origin}/widget/${__LOCALE_FILES__[locale]}`);
    // Over English, so a string added since the table was written still reads.
    if (res.ok) return { ...en, ...((await res.json()) as Partial<Strings>), ...LAUNCHER[locale] };
  } catch {
    /* unreachable or not JSON: English below */
  }
  return en;
}

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

export function translator(table: Locale | Strings): Translate {
  const strings = typeof table === 'string' ? (TABLES[table] ?? en) : table;
  return (key, vars) => format(strings[key], vars);
}

export { isRtl, pickLocale, type Locale } from './launcher.js';
