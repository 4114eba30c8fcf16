/** The subgraph kit: the only module (besides schema/) a subgraph may import. */
export * from './accessed.js';
export * from './authorize.js';
export * from './build-subgraph.js';
export * from './context.js';
export * from './data-source.js';
export * from './definition.js';
export * from './directives.js';
export * from './errors.js';
export * from './ids.js';
export * from './opaque-ids.js';
export * from './loaders.js';
export * from './pagination.js';
export * from './random.js';
export * from './search.js';
export * from './seed.js';
export * from './serve.js';
export * from './validate.js';
