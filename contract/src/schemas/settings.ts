import { z } from 'zod';

export const MAX_OPEN_PER_AGENT_LIMIT = 1000;

export const AssignmentSettings = z
  .object({
    enabled: z.boolean().meta({ description: 'New tickets go round robin to the online agents and admins under the cap' }),
    maxOpenPerAgent: z
      .number()
      .int()
      .min(1)
      .max(MAX_OPEN_PER_AGENT_LIMIT)
      .meta({ description: 'Open and in-progress tickets an agent may hold before automatic assignment passes them by' }),
  })
  .meta({ id: 'AssignmentSettings' });

export const UpdateAssignmentSettingsBody = AssignmentSettings.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateAssignmentSettings' });

export type AssignmentSettingsJson = z.infer<typeof AssignmentSettings>;
