import { z } from 'zod';
import { TEXT } from '../limits.js';
import { text } from './common.js';

export const LabelColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2563eb')
  .transform((c) => c.toLowerCase())
  .meta({ description: 'A colour as `#rrggbb`' });

export const Label = z.object({ id: z.string(), name: z.string(), color: z.string() }).meta({ id: 'Label' });

export const CreateLabelBody = z.object({ name: text(...TEXT.labelName), color: LabelColor }).strict().meta({ id: 'CreateLabel' });

export const UpdateLabelBody = z
  .object({ name: text(...TEXT.labelName).optional(), color: LabelColor.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateLabel' });

export type LabelJson = z.infer<typeof Label>;
