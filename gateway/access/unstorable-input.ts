/**
 * Input values no component can store — NUL or lone surrogates in a declared variable or in an
 * inline string literal — refused before anything runs (400 BAD_USER_INPUT, audited like every
 * refusal). Undeclared variables are never read by anything but the audit trail, which escapes
 * them, so they are left to it.
 */
import { Kind, visit, type DocumentNode } from 'graphql';

import {
  findUnstorableText,
  UNSTORABLE_TEXT,
  unstorableTextMessage,
} from '../../schema/stored-text.js';

/** Why the operation's input cannot be stored, or undefined when it can. */
export function unstorableInput(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
): string | undefined {
  const path = findUnstorableText(variables);
  if (path) {
    const [name, ...rest] = path;
    return unstorableTextMessage(`Variable $${[name, ...rest].join('.')}`);
  }
  let literal = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (UNSTORABLE_TEXT.test(node.value)) {
        literal = true;
      }
    },
  });
  return literal ? unstorableTextMessage('A string literal of the document') : undefined;
}
