import { Injectable } from '@nestjs/common';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import type { PageInfoDto } from '../common/pagination/cursor.js';
import { todayUtc } from '../graphql/prefetched-fields.js';
import { SplicedJson } from '../graphql/spliced-json.js';
import type { Answer } from './case-answer.sql.js';
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

  /**
   * The same page with its cases as the JSON text GraphQL answers for `answer`, written by
   * PostgreSQL, for the answer to hold as it is (graphql/spliced-pages.ts). An answer with
   * current statuses is asked for only by readers who see the public's.
   */
  async answers(
    query: ListCasesQuery,
    viewer: Principal,
    answer: Answer,
  ): Promise<{ data: CaseNode[]; splicedData: SplicedJson; pageInfo: PageInfoDto }> {
    const today = todayUtc();
    const result = await this.cases.page(query, canSeeConfidential(viewer), (options) =>
      this.repository.listAnswers(query, options, answer, today),
    );
    const items = result.data.map((row) => row.item).join(',');
    return { data: [], splicedData: new SplicedJson(`[${items}]`), pageInfo: result.pageInfo };
  }
}
