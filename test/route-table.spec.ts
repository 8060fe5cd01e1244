import { Controller, Get, Post } from '@nestjs/common';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { AdminAccess, MemberAccess, PublicAccess } from '../src/common/auth/access.decorator.js';
import { routeTable } from './route-table.js';

/**
 * access-roles.e2e-spec.ts relies on routeTable() to fail when a handler declares no access rule;
 * this checks that it would, on a small application with such handlers.
 */
@Controller('probe')
class ProbeController {
  @Get('open')
  @PublicAccess()
  open() {}

  @Post('forgotten')
  forgotten() {}
}

@AdminAccess()
@Controller('admin-probe')
class AdminProbeController {
  @Get(':id')
  inherited() {}
}

@Resolver()
class ProbeResolver {
  @Query(() => String)
  @MemberAccess()
  visible() {
    return '';
  }

  @Mutation(() => String, { name: 'renamedChange' })
  change() {
    return '';
  }

  notAField() {}
}

describe('routeTable', () => {
  it('lists every route and root field with its rule, undefined where none is declared', async () => {
    const module = await Test.createTestingModule({
      controllers: [ProbeController, AdminProbeController],
      providers: [ProbeResolver],
    }).compile();
    try {
      const { rest, graphql } = routeTable(module);
      expect(rest).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ method: 'GET', path: '/api/v1/probe/open', rule: 'public' }),
          expect.objectContaining({
            method: 'POST',
            path: '/api/v1/probe/forgotten',
            rule: undefined,
          }),
          expect.objectContaining({
            method: 'GET',
            path: '/api/v1/admin-probe/:id',
            rule: ['admin'],
          }),
        ]),
      );
      expect(rest).toHaveLength(3);
      expect(graphql).toEqual([
        expect.objectContaining({
          field: 'Query.visible',
          rule: expect.arrayContaining(['reviewer']),
        }),
        expect.objectContaining({ field: 'Mutation.renamedChange', rule: undefined }),
      ]);
      const undeclared = [...rest, ...graphql]
        .filter((h) => h.rule === undefined)
        .map((h) => h.name);
      expect(undeclared).toEqual(['ProbeController.forgotten', 'ProbeResolver.change']);
    } finally {
      await module.close();
    }
  });
});
