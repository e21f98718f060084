// The API's enums (zod, in the contract) and the database's (Prisma) must name the same values:
// a value only one side knows would be refused by the API or fail to store.
import * as contract from '@deskline/contract';
import { describe, expect, it } from 'vitest';
import * as prismaEnums from '../generated/prisma/enums.js';

const enums = Object.entries(prismaEnums).filter(([, value]) => typeof value === 'object' && value !== null) as [string, Record<string, string>][];

describe('enums', () => {
  it('the database has enums to compare (the generated client was read)', () => {
    expect(enums.map(([name]) => name)).toEqual(expect.arrayContaining(['Role', 'TicketStatus', 'Priority']));
  });

  it.each(enums)('%s has the same values in the contract and in the database', (name, values) => {
    const schema = (contract as Record<string, unknown>)[name] as { options?: readonly string[] } | undefined;
    expect(schema?.options, `the contract exports no zod enum named ${name}`).toBeDefined();
    expect([...(schema?.options ?? [])]).toEqual(Object.values(values));
  });
});
