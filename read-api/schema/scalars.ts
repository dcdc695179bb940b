import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

const DECIMAL = /^\d{1,15}$/;

const parsePosition = (value: unknown): number => {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && DECIMAL.test(text)) {
    const position = Number(text);
    if (Number.isSafeInteger(position)) return position;
  }
  throw new TypeError('a LogPosition is a non-negative integer, as a decimal string or an Int');
};

builder.scalarType('LogPosition', {
  description:
    'A global position in the event log: a consistency token (pass it as `consistentWith`) or a ' +
    'subscription cursor (pass it as `after`). Printed as a decimal string; a string or an Int is accepted.',
  serialize: (value) => String(value),
  parseValue: parsePosition,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parsePosition(ast.value);
    throw new TypeError('a LogPosition is a string or an Int literal');
  },
});

const literalToJson = (ast: ValueNode): unknown => {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalToJson(field.value)]));
    case Kind.VARIABLE:
      throw new GraphQLError('JSON literals cannot hold variables');
  }
};

builder.scalarType('JSON', {
  description: 'Any JSON value (event data and metadata).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
