/** `hub compose`: the supergraph from the subgraphs. */
import { Command } from 'commander';

export function composeCommand(): Command {
  return new Command('compose')
    .description('compose the subgraphs into schema/supergraph.graphql')
    .option('--check', 'fail if the committed files differ from a fresh composition')
    .action(async (options: { check?: boolean }) => {
      const { compose, staleFiles, writeComposition } = await import('../../hub/compose.js');
      const composition = await compose();
      if (options.check) {
        const stale = await staleFiles(composition);
        if (stale.length > 0) {
          console.error(`Stale composition (run npm run compose): ${stale.join(', ')}`);
          process.exitCode = 1;
          return;
        }
        console.log('schema/supergraph.graphql is up to date');
        return;
      }
      await writeComposition(composition);
      console.log('wrote schema/supergraph.graphql and schema/subgraphs/*.graphql');
    });
}
