import type { Handlers } from '../http/endpoint.js';
import { getAssignmentSettings, updateAssignmentSettings } from './service.js';

export const assignmentHandlers = {
  'GET /settings/assignment': ({ ctx }) => getAssignmentSettings(ctx),
  'PATCH /settings/assignment': ({ ctx, body }) => updateAssignmentSettings(ctx, body),
} satisfies Partial<Handlers>;
