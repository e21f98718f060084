import { endpoint } from '../http/endpoint.js';
import { Overview } from './schema.js';
import { overview } from './service.js';

export const statsEndpoints = [
  endpoint({
    method: 'get',
    path: '/stats/overview',
    tag: 'Stats',
    summary: 'Workload and response times for the console overview (admin)',
    description: 'Counts by status and priority, unassigned and oldest open tickets, and median first-response and resolution times over the last 7 days.',
    access: 'admin',
    responses: { 200: { description: 'The overview', schema: Overview } },
    handle: ({ ctx }) => overview(ctx),
  }),
];
