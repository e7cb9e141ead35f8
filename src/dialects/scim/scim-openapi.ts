import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';

const ERROR_EXAMPLE = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: '400',
  scimType: 'invalidFilter',
  detail: 'Filtering on title is not supported',
};

/** One SCIM operation in /docs: summary, auth and the SCIM error shape. */
export function ScimOperation(summary: string, ...statuses: number[]) {
  return applyDecorators(
    ApiBearerAuth(),
    ApiOperation({ summary }),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: 'SCIM error (RFC 7644 §3.12)',
        content: {
          'application/scim+json': { example: { ...ERROR_EXAMPLE, status: String(status) } },
        },
      }),
    ),
  );
}

/** The list parameters of RFC 7644 §3.4.2. */
export function ScimListQuery() {
  return applyDecorators(
    ...[
      'filter',
      'attributes',
      'excludedAttributes',
      'sortBy',
      'sortOrder',
      'startIndex',
      'count',
    ].map((name) => ApiQuery({ name, required: false, type: String })),
  );
}
