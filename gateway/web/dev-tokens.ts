/**
 * POST /console/dev-token (development mode only): a demo identity's token, so a developer
 * can try the console without the CLI. The composition root decides whether the route exists
 * (never in production) and mints with the dev key the dev gateway already trusts; the route
 * is a POST, so the trail records every token it hands out.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { errorBody, JSON_TYPE } from '../../platform/http.js';
import { ERROR_CODES } from '../../schema/errors.js';

/** The demo identities the console offers, one per role (agency and province of the demo seed). */
export const DEMO_IDENTITIES = {
  auditor: { agency: 'GS-AUD', province: 'GS', sub: 'demo-auditor' },
  bureau_analyst: { agency: 'GS-NB', province: 'GS', sub: 'demo-bureau-analyst' },
  narcotics_investigator: { agency: 'GS-NB', province: 'GS', sub: 'demo-narcotics-investigator' },
  juvenile_officer: { agency: 'GS-JUV', province: 'GS', sub: 'demo-juvenile-officer' },
  cyber_analyst: { agency: 'GS-CYB', province: 'GS', sub: 'demo-cyber-analyst' },
} as const;
export type DemoRole = keyof typeof DEMO_IDENTITIES;

/** Mints a demo identity's token (hub/tokens.ts in the composition root). */
export type DemoTokenMinter = (role: DemoRole) => Promise<string>;

const request = z.object({ role: z.enum(Object.keys(DEMO_IDENTITIES) as [DemoRole]) }).strict();

export function devTokenRoutes(app: FastifyInstance, mint: DemoTokenMinter): void {
  app.get('/console/dev-roles', async () => ({ roles: Object.keys(DEMO_IDENTITIES) }));
  app.post('/console/dev-token', async (req, reply) => {
    const parsed = request.safeParse(req.body);
    if (!parsed.success) {
      const roles = Object.keys(DEMO_IDENTITIES).join(', ');
      return reply
        .code(400)
        .type(JSON_TYPE)
        .send(errorBody(ERROR_CODES.BAD_USER_INPUT, `Send {"role": R} with R one of ${roles}`));
    }
    const { role } = parsed.data;
    return { role, ...DEMO_IDENTITIES[role], token: await mint(role) };
  });
}
