/**
 * Every custom scalar the subgraphs declare, with the implementation that parses it. The
 * subgraphs use these; the gateway validates client values with the same ones before planning,
 * so a malformed date is the caller's 400, not a subgraph's failure. A scalar missing here
 * stops the gateway at start.
 */
import type { GraphQLScalarType } from 'graphql';
import { DateResolver, GraphQLDateTimeISO } from 'graphql-scalars';

export const CUSTOM_SCALARS: Readonly<Record<string, GraphQLScalarType>> = {
  Date: DateResolver,
  DateTimeISO: GraphQLDateTimeISO,
};
