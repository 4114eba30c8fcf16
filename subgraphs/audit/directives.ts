/** The access declarations of the audit subgraph: every field is for audit teams. */
import { requiresScopes } from '../kit/index.js';

export const AUDIT_READ = requiresScopes('audit:read');
