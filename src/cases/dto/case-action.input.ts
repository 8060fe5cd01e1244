import { ArgsType } from '@nestjs/graphql';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { TextField } from '../../common/validation/fields.js';
import { IdParam } from '../../common/validation/id.param.js';
import { VersionedIdArgs } from '../../common/versioning/expected-version.arg.js';
import { ClassificationInput } from './classification.input.js';
import { MONITORS } from '../case.enums.js';
import type { Monitor } from '../case.enums.js';

const ReasonField = () =>
  TextField({
    description: 'Why the case is retracted; shown in its history',
    min: 3,
    max: 2000,
    example: 'Duplicate of another case',
  });

export class RetractCaseQuery {
  @ReasonField()
  reason: string;
}

/** The arguments of the GraphQL retraction: the same rules as the REST query. */
@ArgsType()
export class RetractCaseArgs extends VersionedIdArgs {
  @ReasonField()
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
