import { Injectable } from '@nestjs/common';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import type { PageInfoDto } from '../common/pagination/cursor.js';
import { withoutCurrentStatus, type CaseSelection } from './case-graph.sql.js';
import { CasesRepository, type CaseNode } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';

/** Each selection without current statuses (for readers of confidential entries), kept while it is. */
const noCurrentStatus = new WeakMap<CaseSelection, CaseSelection>();

/** GraphQL's page of cases, read with the related objects its selection asks for. */
@Injectable()
export class CaseGraphService {
  constructor(
    private readonly cases: CasesService,
    private readonly repository: CasesRepository,
  ) {}

  /**
   * The page REST's list answers (same filter rules, order and cursor), each case with the fields
   * and related objects `selection` names, read in the page's statement (see case-graph.sql.ts).
   * Current statuses are read with it only for readers who see the public's: the others' count
   * confidential entries, and their loader reads them.
   */
  async list(
    query: ListCasesQuery,
    viewer: Principal,
    selection: CaseSelection,
  ): Promise<{ data: CaseNode[]; pageInfo: PageInfoDto }> {
    const confidential = canSeeConfidential(viewer);
    let read = selection;
    if (confidential) {
      read = noCurrentStatus.get(selection) ?? withoutCurrentStatus(selection);
      noCurrentStatus.set(selection, read);
    }
    const result = await this.cases.page(query, confidential, (options) =>
      this.repository.listNodes(query, options, read),
    );
    return { data: result.data.map((r) => r.item), pageInfo: result.pageInfo };
  }
}
