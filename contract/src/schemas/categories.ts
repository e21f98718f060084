import { z } from 'zod';
import { TEXT } from '../limits.js';
import { text } from './common.js';

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
  .object({ name: text(...TEXT.categoryName), slug: Slug.optional(), description: text(...TEXT.categoryDescription).optional() })
  .strict()
  .meta({ id: 'CreateCategory' });

export const UpdateCategoryBody = z
  .object({ name: text(...TEXT.categoryName).optional(), slug: Slug.optional(), description: text(...TEXT.categoryDescription).optional() })
  .strict()
  .meta({ id: 'UpdateCategory' });

export type CategoryJson = z.infer<typeof Category>;
