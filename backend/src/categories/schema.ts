import { z } from 'zod';
import { text } from '../http/schemas.js';

export const Slug = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. feature-request');

export const Category = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), description: z.string() })
  .meta({ id: 'Category' });

export const CreateCategoryBody = z
  .object({ name: text(1, 80), slug: Slug.optional(), description: text(0, 500).optional() })
  .strict()
  .meta({ id: 'CreateCategory' });

export const UpdateCategoryBody = z
  .object({ name: text(1, 80).optional(), slug: Slug.optional(), description: text(0, 500).optional() })
  .strict()
  .meta({ id: 'UpdateCategory' });
