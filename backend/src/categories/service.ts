// Ticket categories: seeded by a migration, managed by admins.
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Category } from '../generated/prisma/client.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import type { CreateCategoryBody, UpdateCategoryBody } from '@deskline/contract';

export const toCategoryJson = (c: Category) => ({ id: c.id, slug: c.slug, name: c.name, description: c.description });

export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'category'
  );
}

export async function listCategories(ctx: AppContext) {
  return (await ctx.db.category.findMany({ orderBy: [{ name: 'asc' }] })).map(toCategoryJson);
}

export async function findCategoryBySlug(ctx: AppContext, slug: string) {
  return ctx.db.category.findUnique({ where: { slug } });
}

export async function createCategory(ctx: AppContext, input: z.infer<typeof CreateCategoryBody>) {
  const slug = input.slug ?? slugify(input.name);
  return toCategoryJson(
    await uniqueSlug(() => ctx.db.category.create({ data: { name: input.name, slug, description: input.description ?? '' } })),
  );
}

export async function updateCategory(ctx: AppContext, id: string, input: z.infer<typeof UpdateCategoryBody>) {
  if (!(await ctx.db.category.findUnique({ where: { id }, select: { id: true } }))) throw notFound('Category');
  return toCategoryJson(await uniqueSlug(() => ctx.db.category.update({ where: { id }, data: input })));
}

export async function deleteCategory(ctx: AppContext, id: string): Promise<void> {
  const category = await ctx.db.category.findUnique({ where: { id }, include: { _count: { select: { tickets: true } } } });
  if (!category) throw notFound('Category');
  if (category._count.tickets > 0) {
    throw conflict(
      'CATEGORY_IN_USE',
      `${category._count.tickets} ticket(s) use this category; move them to another category before deleting it`,
    );
  }
  try {
    await ctx.db.category.delete({ where: { id } });
  } catch (error) {
    // A ticket was filed in it between the count and the delete.
    if ((error as { code?: string }).code === 'P2003') throw conflict('CATEGORY_IN_USE', 'Tickets use this category');
    throw error;
  }
}

async function uniqueSlug<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new AppError('SLUG_TAKEN', 409, 'A category with this slug already exists');
    throw error;
  }
}
