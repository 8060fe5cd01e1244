import { ApiProperty } from '@nestjs/swagger';
import { CaseStatusDto, ProceedingDto } from '../../statuses/dto/status.dto.js';
import { CaseDto } from './case.dto.js';

/** One case with what its page shows: REST answers it in one request (GraphQL selects the same). */
export class CaseDetailDto extends CaseDto {
  @ApiProperty({
    type: [CaseStatusDto],
    description: 'Its current status in each scheme (UNESCO, then CPJ), as known now',
  })
  statuses: CaseStatusDto[];

  @ApiProperty({
    type: [ProceedingDto],
    description: 'Judicial and investigative steps, oldest first',
  })
  proceedings: ProceedingDto[];
}
