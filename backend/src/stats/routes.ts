import { HANDLED, type Handlers } from '../http/endpoint.js';
import { report, reportCsv } from './report.js';
import { overview } from './service.js';

export const statsHandlers = {
  'GET /stats/overview': ({ ctx }) => overview(ctx),
  'GET /stats/report': ({ ctx, query }) => report(ctx, query),
  'GET /stats/report.csv': async ({ ctx, query, res }) => {
    const json = await report(ctx, query);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-store');
    res.attachment(`deskline-report-${json.window.from}-to-${json.window.to}.csv`);
    res.send(reportCsv(json));
    return HANDLED;
  },
} satisfies Partial<Handlers>;
