import { isValueNode, parse, visit, type ASTNode, type GraphQLError } from 'graphql';

/** The field named by a variable coercion or validation message, e.g. `… at "input.quantityMwh"; …`. */
const fromMessage = (message: string): string | null => {
  const at = /got invalid value .* at "([^"]+)"/.exec(message)?.[1];
  if (at !== undefined) return at.split('.').slice(1).join('.') || at;
  const named = /Field "(?:[^".]+\.)?([^"]+)" (?:of required type|is not defined)/.exec(message)?.[1];
  if (named !== undefined) return named;
  const argument = /argument "([^"]+)" of type .* is required/.exec(message)?.[1];
  if (argument !== undefined) return argument;
  return /Variable "\$([^"]+)"/.exec(message)?.[1] ?? null;
};

/** The input field or argument whose literal value is `node`, found by re-reading the document. */
const fromLiteral = (node: ASTNode, body: string): string | null => {
  const start = node.loc?.start;
  if (start === undefined) return null;
  let found: string | null = null;
  const check = (field: { name: { value: string }; value: ASTNode }) => {
    if (found === null && field.value.loc?.start === start) found = field.name.value;
  };
  try {
    visit(parse(body), { ObjectField: check, Argument: check });
  } catch {
    return null;
  }
  return found;
};

/** Whether graphql-js rejected the operation for a bad input value (not for a bad query). */
export const isBadInput = (error: GraphQLError): boolean => {
  const node = error.nodes?.[0];
  return (
    /got invalid value|of required type .* was not provided|is not defined by type|argument ".*" of type .* is required/.test(error.message) ||
    (node !== undefined && isValueNode(node))
  );
};

/** The offending field of a bad input error (`input` when it cannot tell). */
export const badInputField = (error: GraphQLError): string => {
  const node = error.nodes?.[0];
  return fromMessage(error.message) ?? (node && error.source ? fromLiteral(node, error.source.body) : null) ?? 'input';
};
