/** The arguments of `Query.caseByNumber`, checked alike for every caller. */
import { z } from 'zod';

import { agencyCode } from './common.js';

/**
 * Any text may be asked for (a malformed number simply names no case, as an unknown one does);
 * only its case and surrounding blanks are normalized.
 */
export const caseByNumberSchema = z.object({
  caseNumber: z.string().trim().toUpperCase(),
  owningAgency: agencyCode.nullish(),
});
