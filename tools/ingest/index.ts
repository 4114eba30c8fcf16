/** `hub ingest`: the contract, the run, and how it reports (one folder, one public surface). */
export * from './contract.js';
export { ingestFile } from './ingest.js';
export { consoleReporter, formatProblem, formatProgress, formatSummary } from './report.js';
export { networkCause, probeGateway } from './send.js';
