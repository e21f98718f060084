// Labels: a list admins manage; the team puts them on tickets (set through the tickets service).
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Label } from '../generated/prisma/client.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import type { CreateLabelBody, LabelJson, UpdateLabelBody } from '@deskline/contract';

export const toLabelJson = (label: Pick<Label, 'id' | 'name' | 'color'>): LabelJson => ({ id: label.id, name: label.name, color: label.color });

export async function listLabels(ctx: AppContext): Promise<LabelJson[]> {
  return (await ctx.db.label.findMany({ orderBy: [{ name: 'asc' }] })).map(toLabelJson);
}

export async function createLabel(ctx: AppContext, input: z.infer<typeof CreateLabelBody>): Promise<LabelJson> {
  return toLabelJson(await uniqueName(() => ctx.db.label.create({ data: input })));
}

export async function updateLabel(ctx: AppContext, id: string, input: z.infer<typeof UpdateLabelBody>): Promise<LabelJson> {
  if (!(await ctx.db.label.findUnique({ where: { id }, select: { id: true } }))) throw notFound('Label');
  return toLabelJson(await uniqueName(() => ctx.db.label.update({ where: { id }, data: input })));
}

export async function deleteLabel(ctx: AppContext, id: string): Promise<void> {
  const { count } = await ctx.db.label.deleteMany({ where: { id } }); // comes off its tickets by cascade
  if (count === 0) throw notFound('Label');
}

/**
 * The ids among `ids` that name no label. A ticket's labels are checked with it before they are set,
 * so that a typo is a 400 naming the id rather than a foreign-key error.
 */
export async function unknownLabelIds(ctx: AppContext, ids: string[]): Promise<string[]> {
  const found = new Set((await ctx.db.label.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((l) => l.id));
  return [...new Set(ids)].filter((id) => !found.has(id));
}

export function unknownLabelsError(path: string, unknown: string[]): AppError {
  return new AppError('VALIDATION_FAILED', 400, `Unknown label${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, [
    { path, message: `names no label: ${unknown.join(', ')} (see GET /api/labels)` },
  ]);
}

async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw conflict('LABEL_NAME_TAKEN', 'A label with this name already exists');
    throw error;
  }
}
