import { ApiProperty } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({
    example: 'code',
    description: 'The input field at fault, as a path (victims[0].gender)',
  })
  field: string;

  @ApiProperty({ example: 'code must be a two-letter ISO 3166-1 alpha-2 code' })
  message: string;
}

/** The one error shape of the REST API (DESIGN §4). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'invalid_input', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Invalid input: code' })
  message: string;

  @ApiProperty({ type: [FieldProblemDto] })
  details: FieldProblemDto[];
}
