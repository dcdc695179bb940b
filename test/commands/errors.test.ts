import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { CommandValidationError } from '../../commands/errors.js';

const schema = z.object({ legs: z.array(z.object({ price: z.number() })) });
const validationError = (input: unknown) => CommandValidationError.fromZod(schema.safeParse(input).error!);

describe('CommandValidationError', () => {
  it('names a nested field by its path', () => {
    const error = validationError({ legs: [{ price: 1 }, { price: 'x' }] });
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.equal(error.field, 'legs.1.price');
    assert.match(error.message, /^Invalid legs\.1\.price: /);
  });

  it('names the whole input when it is not an object', () => {
    assert.equal(validationError('nope').field, 'input');
  });
});
