import { IsIn, IsOptional, Matches } from 'class-validator';
import { InvalidInput } from '../errors/domain-error.js';
import { createValidationPipe } from './validation.pipe.js';

class Query {
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  asOf?: string;

  @IsOptional()
  @IsIn(['a', 'b'], { each: true })
  groupBy?: string[];
}

describe('validation pipe', () => {
  const pipe = createValidationPipe();
  const asQuery = { type: 'query' as const, metatype: Query };

  it('gives each request its own copy of a query it has accepted before', async () => {
    const first = (await pipe.transform({ asOf: '2020-01-01', groupBy: ['a'] }, asQuery)) as Query;
    first.groupBy?.push('b');
    first.asOf = 'changed';
    const second = (await pipe.transform({ asOf: '2020-01-01', groupBy: ['a'] }, asQuery)) as Query;
    expect(second).toBeInstanceOf(Query);
    expect(second).toEqual({ asOf: '2020-01-01', groupBy: ['a'] });
  });

  it('checks a rejected query again every time, naming the field', async () => {
    for (let i = 0; i < 2; i += 1) {
      const error = await pipe.transform({ asOf: 'yesterday' }, asQuery).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).message).toBe('Invalid input: asOf');
    }
    await expect(pipe.transform({ unknown: '1' }, asQuery)).rejects.toBeInstanceOf(InvalidInput);
  });
});
