import { Injectable } from '@nestjs/common';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { StatusesService } from '../statuses/statuses.service.js';
import { SCHEMES } from '../statuses/status.enums.js';
import { CasesService } from './cases.service.js';
import { CaseDetailDto } from './dto/case-detail.dto.js';

/** A case with its current statuses and proceedings, as its page shows it. */
@Injectable()
export class CaseDetailService {
  constructor(
    private readonly cases: CasesService,
    private readonly statuses: StatusesService,
  ) {}

  async get(id: string, viewer: Principal): Promise<CaseDetailDto> {
    const found = await this.cases.get(id, viewer);
    const confidential = canSeeConfidential(viewer);
    const [statuses, proceedings] = await Promise.all([
      Promise.all(
        SCHEMES.map(
          async (scheme) => (await this.statuses.statusesOf([id], { scheme }, confidential))[0],
        ),
      ),
      this.statuses.proceedingsOf([id]),
    ]);
    return { ...found, statuses, proceedings };
  }
}
