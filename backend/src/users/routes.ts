import { endpoint } from '../http/endpoint.js';
import { IdParams, Page } from '../http/schemas.js';
import { CreateUserBody, ManagedUser, UpdateUserBody, UserListQuery } from './schema.js';
import { createUserAsAdmin, listUsers, updateUser } from './service.js';

const tag = 'Users';

export const userEndpoints = [
  endpoint({
    method: 'get',
    path: '/users',
    tag,
    summary: 'List users (admin)',
    access: 'admin',
    query: UserListQuery,
    responses: { 200: { description: 'Users, newest first', schema: Page(ManagedUser) } },
    handle: ({ ctx, query }) => listUsers(ctx, query),
  }),
  endpoint({
    method: 'post',
    path: '/users',
    tag,
    summary: 'Create an admin or customer account (admin)',
    access: 'admin',
    body: CreateUserBody,
    responses: {
      201: { description: 'Created', schema: ManagedUser },
      409: { description: 'Email already in use' },
    },
    handle: ({ ctx, body }) => createUserAsAdmin(ctx, body),
  }),
  endpoint({
    method: 'patch',
    path: '/users/:id',
    tag,
    summary: 'Rename, change role, disable or enable a user (admin)',
    description: "A disabled user's tokens stop working at once and their live sockets are closed.",
    access: 'admin',
    params: IdParams,
    body: UpdateUserBody,
    responses: { 200: { description: 'Updated', schema: ManagedUser }, 404: { description: 'No such user' } },
    handle: ({ ctx, user, params, body }) => updateUser(ctx, user.id, params.id, body),
  }),
];
