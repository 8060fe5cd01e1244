import { OmitType } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IdParam } from '../../common/validation/id.param.js';
import { ClassificationInput } from './classification.input.js';
import { MONITORS } from '../case.enums.js';
import type { Monitor } from '../case.enums.js';

export class RetractCaseQuery {
  @ApiProperty({
    description: 'Why the case is retracted; shown in its history',
    example: 'Duplicate of another case',
  })
  @IsString()
  @Length(3, 2000)
  reason: string;
}

/** Path of one monitor's classification of a case. */
export class CaseMonitorParams extends IdParam {
  @ApiProperty({ enum: MONITORS })
  @IsIn(MONITORS, { message: `monitor must be one of: ${MONITORS.join(', ')}` })
  monitor: Monitor;
}

/** The body of PUT /cases/{id}/classifications/{monitor}: the monitor is in the path. */
export class ClassificationBody extends OmitType(ClassificationInput, ['monitor'] as const) {}
