import { type Handlers, Reply } from '../http/endpoint.js';
import { createLabel, deleteLabel, listLabels, updateLabel } from './service.js';

export const labelHandlers = {
  'GET /labels': ({ ctx }) => listLabels(ctx),
  'POST /labels': ({ ctx, body }) => createLabel(ctx, body),
  'PATCH /labels/:id': ({ ctx, params, body }) => updateLabel(ctx, params.id, body),
  'DELETE /labels/:id': async ({ ctx, params }) => {
    await deleteLabel(ctx, params.id);
    return new Reply(204);
  },
} satisfies Partial<Handlers>;
