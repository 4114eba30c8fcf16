/** The kit's errors are the hub's errors (schema/errors.ts): one home for codes and masking. */
export * from '../../schema/errors.js';
