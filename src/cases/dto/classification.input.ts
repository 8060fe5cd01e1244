import { InputType } from '@nestjs/graphql';
import {
  BoolField,
  DateField,
  EnumField,
  TextField,
  UrlField,
} from '../../common/validation/fields.js';
import {
  CONDEMNATIONS,
  CondemnationEnum,
  MONITORS,
  MonitorEnum,
  MOTIVES,
  MotiveEnum,
} from '../case.enums.js';
import type { Condemnation, Monitor, Motive } from '../case.enums.js';

@InputType('ClassificationInput')
export class ClassificationInput {
  @EnumField(MONITORS, MonitorEnum, { description: 'The monitoring body', example: 'cpj' })
  monitor: Monitor;

  @TextField({
    description: 'The monitor’s own id for the case',
    optional: true,
    max: 200,
    example: 'gerardo-ortega',
  })
  externalId?: string | null;

  @UrlField({
    description: 'The monitor’s page for the case',
    optional: true,
    example: 'https://cpj.org/data/people/gerardo-ortega/',
  })
  url?: string | null;

  @BoolField({
    description: 'Whether the monitor includes the case in its count (default true)',
    optional: true,
  })
  included?: boolean;

  @EnumField(MOTIVES, MotiveEnum, {
    description: 'Motive confirmed or unconfirmed (CPJ)',
    optional: true,
  })
  motive?: Motive | null;

  @TextField({
    description: 'Type of death as the monitor words it, e.g. murder, crossfire',
    optional: true,
    max: 100,
  })
  typeOfDeath?: string | null;

  @EnumField(CONDEMNATIONS, CondemnationEnum, {
    description: 'Condemned or only deplored (UNESCO)',
    optional: true,
  })
  condemnation?: Condemnation | null;

  @DateField({ description: 'When the monitor recorded the case', optional: true })
  recordedDate?: string | null;
}
