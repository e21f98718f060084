import { z } from 'zod';
import { type Handlers, Reply } from '../http/endpoint.js';
import { createCategory, deleteCategory, listCategories, updateCategory } from './service.js';

export const categoryHandlers = {
  'GET /categories': ({ ctx }) => listCategories(ctx),
  'POST /categories': ({ ctx, body }) => createCategory(ctx, body),
  'PATCH /categories/:id': ({ ctx, params, body }) => updateCategory(ctx, params.id, body),
  'DELETE /categories/:id': async ({ ctx, params }) => {
    await deleteCategory(ctx, params.id);
    return new Reply(204);
  },
} satisfies Partial<Handlers>;
