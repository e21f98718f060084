import { z } from 'zod';
import { TEXT } from '../limits.js';
import { AvatarUrl, Email, Password, Role, text, Timestamp } from './common.js';

export const User = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable().meta({
      description: "The account's sign-in email; for a widget visitor, the contact email they gave or their identity carried",
    }),
    emailVerified: z.boolean().meta({
      description:
        "True for an account's email and for an email carried by a signed identity token; false for an email a visitor typed, " +
        "which anyone could claim: show it as unverified, never as the person's account",
    }),
    role: Role,
    createdAt: Timestamp,
    /** Signs in with email and password (widget visitors do not), so can change it. */
    hasPassword: z.boolean(),
    /** The password was printed at first run or set by an admin: only changing it is allowed until then. */
    mustChangePassword: z.boolean(),
    /** Answered by GET /auth/me and the profile routes; team members only. */
    avatarUrl: AvatarUrl.optional(),
  })
  .meta({ id: 'User' });

/** What a team member changes of themselves: the name customers see on their messages. */
export const UpdateProfileBody = z
  .object({ name: text(...TEXT.personName) })
  .strict()
  .meta({ id: 'UpdateProfileRequest' });

/** The largest avatar image accepted (413 above it). */
export const MAX_AVATAR_BYTES = 512 * 1024;

/** A ticket's customer: the same email rules as User. */
export const Customer = z
  .object({ id: z.string(), name: z.string(), email: User.shape.email, emailVerified: User.shape.emailVerified })
  .meta({ id: 'Customer' });

/** What admins see of a user: also whether the account is disabled. */
export const ManagedUser = User.extend({ disabled: z.boolean() }).meta({ id: 'ManagedUser' });

/** A member of the support team, as the team sees its colleagues (assignee pickers): no email. */
export const TeamMember = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role.exclude(['CUSTOMER']),
    disabled: z.boolean().meta({ description: 'A disabled member keeps the tickets assigned to them, but cannot be given new ones' }),
  })
  .meta({ id: 'TeamMember' });

export const UserListQuery = z.object({
  role: z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(Role).min(1))
    .optional()
    .meta({ description: 'One role or a comma-separated list (`AGENT,ADMIN`: the support team)' }),
  q: text(...TEXT.search).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export const CreateUserBody = z
  .object({
    name: text(...TEXT.personName),
    email: Email,
    password: Password,
    role: Role.default('CUSTOMER'),
  })
  .strict()
  .meta({ id: 'CreateUser' });

export const UpdateUserBody = z
  .object({
    name: text(...TEXT.personName).optional(),
    role: Role.optional(),
    disabled: z.boolean().optional(),
    /** A new password the user must change at their next sign-in; their tokens stop working. */
    password: Password.optional(),
  })
  .strict()
  .meta({ id: 'UpdateUser' });

export type UserJson = z.infer<typeof User>;
export type CustomerJson = z.infer<typeof Customer>;
export type ManagedUserJson = z.infer<typeof ManagedUser>;
export type TeamMemberJson = z.infer<typeof TeamMember>;
