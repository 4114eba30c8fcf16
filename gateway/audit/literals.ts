/**
 * What an operation's document says inline, as the audit trail must treat it: a literal in the
 * text (`persons(search: "Wang Chao")`, a variable's default) is as much a value as a variable,
 * so it is recorded the same way — kept when an id, enum, number or boolean, otherwise only as
 * a keyed hash among the record's value hashes (an auditor still finds "who searched for X?").
 * The document itself is hashed with its string and number literals blanked, as Apollo's
 * operation signatures do, so its hash names the operation's shape and no value: a plain hash
 * of a text holding a name could be matched against guessed names by anyone who reads it.
 */
import {
  Kind,
  print,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';

export interface InlineLiteral {
  readonly value: unknown;
  /** Its input type where the schema knows it (decides kept or hashed, as for variables). */
  readonly type: GraphQLInputType | undefined;
}

export interface DocumentFacts {
  readonly literals: readonly InlineLiteral[];
  /** The document printed with string and number literals blanked. */
  readonly signature: string;
}

const LEAF_KINDS = [Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM] as const;

export function documentFacts(schema: GraphQLSchema, document: DocumentNode): DocumentFacts {
  const typeInfo = new TypeInfo(schema);
  const literals: InlineLiteral[] = [];
  const collect: ASTVisitor = Object.fromEntries(
    LEAF_KINDS.map((kind) => [
      kind,
      (node: ValueNode) => {
        const type = typeInfo.getInputType() ?? undefined;
        const value = type ? valueFromAST(node, type) : undefined;
        literals.push({
          value: value === undefined ? (node as { value?: unknown }).value : value,
          type,
        });
      },
    ]),
  );
  visit(document, visitWithTypeInfo(typeInfo, collect));
  const blanked = visit(document, {
    [Kind.STRING]: (node) => ({ ...node, value: '', block: false }),
    [Kind.INT]: (node) => ({ ...node, value: '0' }),
    [Kind.FLOAT]: (node) => ({ ...node, value: '0' }),
  });
  return { literals, signature: print(blanked) };
}
