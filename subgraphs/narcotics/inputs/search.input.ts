import { z } from 'zod';

import { provinceCode, searchText } from './common.js';

/** Arguments of `Query.persons`. */
export const personSearchSchema = z.object({ search: searchText.nullish() });

/** Arguments of `Query.rings`. */
export const ringSearchSchema = z.object({ province: provinceCode.nullish() });
