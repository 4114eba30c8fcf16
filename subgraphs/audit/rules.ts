/**
 * No record-level rules: an audit team sees the whole trail (`audit:read`, declared in
 * directives.ts); what the trail holds was already decided by the gateway that wrote it —
 * keyed hashes for protected values, opaque ids for records (schema/audit-row.ts).
 */
export {};
