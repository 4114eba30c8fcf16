/** `hub policy`: who may see what, from the committed supergraph. */
import { Command } from 'commander';

export function policyCommand(): Command {
  return new Command('policy')
    .description('print who may see what (role × field), from schema/supergraph.graphql')
    .option('--markdown', 'as a Markdown table (for the README)')
    .action(async (options: { markdown?: boolean }) => {
      const { readFile } = await import('node:fs/promises');
      const { SUPERGRAPH_PATH } = await import('../../platform/paths.js');
      const { supergraphRules } = await import('../../schema/supergraph-rules.js');
      const { policyMarkdown, policyText } = await import('../../tools/policy-report.js');
      const { index } = supergraphRules(await readFile(SUPERGRAPH_PATH, 'utf8'));
      process.stdout.write(options.markdown ? policyMarkdown(index) : policyText(index));
    });
}
