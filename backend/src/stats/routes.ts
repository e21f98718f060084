import { type Handlers } from '../http/endpoint.js';
import { overview } from './service.js';

export const statsHandlers = {
  'GET /stats/overview': ({ ctx }) => overview(ctx),
} satisfies Partial<Handlers>;
