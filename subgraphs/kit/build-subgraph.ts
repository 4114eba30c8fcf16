/**
 * type-graphql classes → a Federation 2 subgraph schema: print with directives (plain
 * printSchema drops `@key`), add the `@link`, hand SDL plus resolvers to buildSubgraphSchema.
 */
import 'reflect-metadata';

import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';

import type { SubgraphDefinition } from './definition.js';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ' +
  '["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", ' +
  '"@authenticated", "@requiresScopes", "@policy", "@cost", "@listSize"])';

export interface BuiltSubgraph {
  /** The executable federated schema. */
  readonly schema: GraphQLSchema;
  /** The subgraph SDL as composition reads it (`schema/subgraphs/<name>.graphql`). */
  readonly sdl: string;
}

export async function buildSubgraph<L>(definition: SubgraphDefinition<L>): Promise<BuiltSubgraph> {
  const typeSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeSchema)}\n`;
  const resolvers = createResolversMap(typeSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(definition.references ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  const schema = buildSubgraphSchema([
    // createResolversMap's types are wider than buildSubgraphSchema's; the shapes agree.
    { typeDefs: parse(sdl), resolvers: resolvers as never },
  ]);
  return { schema, sdl };
}
