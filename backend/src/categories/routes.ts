import { z } from 'zod';
import { endpoint, Reply } from '../http/endpoint.js';
import { IdParams } from '../http/schemas.js';
import { Category, CreateCategoryBody, UpdateCategoryBody } from './schema.js';
import { createCategory, deleteCategory, listCategories, updateCategory } from './service.js';

const tag = 'Categories';

export const categoryEndpoints = [
  endpoint({
    method: 'get',
    path: '/categories',
    tag,
    summary: 'List ticket categories',
    access: 'public',
    responses: { 200: { description: 'All categories, by name', schema: z.array(Category) } },
    handle: ({ ctx }) => listCategories(ctx),
  }),
  endpoint({
    method: 'post',
    path: '/categories',
    tag,
    summary: 'Create a category (admin)',
    description: 'The slug is derived from the name when omitted.',
    access: 'admin',
    body: CreateCategoryBody,
    responses: { 201: { description: 'Created', schema: Category }, 409: { description: 'Slug already in use' } },
    handle: ({ ctx, body }) => createCategory(ctx, body),
  }),
  endpoint({
    method: 'patch',
    path: '/categories/:id',
    tag,
    summary: 'Rename or describe a category (admin)',
    access: 'admin',
    params: IdParams,
    body: UpdateCategoryBody,
    responses: { 200: { description: 'Updated', schema: Category }, 404: { description: 'No such category' } },
    handle: ({ ctx, params, body }) => updateCategory(ctx, params.id, body),
  }),
  endpoint({
    method: 'delete',
    path: '/categories/:id',
    tag,
    summary: 'Delete a category (admin)',
    access: 'admin',
    params: IdParams,
    responses: {
      204: { description: 'Deleted' },
      409: { description: 'Tickets still use this category (CATEGORY_IN_USE)' },
    },
    handle: async ({ ctx, params }) => {
      await deleteCategory(ctx, params.id);
      return new Reply(204);
    },
  }),
];
