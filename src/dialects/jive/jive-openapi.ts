import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { jiveFault, jiveResponse, JiveReturn } from './jive-views';

const GROUP =
  '<ID>1001</ID><objectType>4</objectType><creationDate>2010-03-01T10:00:00.000+00:00</creationDate>' +
  '<description>Human resources</description><memberCount>2</memberCount>' +
  '<modificationDate>2010-03-01T10:00:00.000+00:00</modificationDate><name>HR</name>';
const USER =
  '<creationDate>2010-03-01T10:00:00.000+00:00</creationDate><email>ala@example.com</email>' +
  '<emailVisible>true</emailVisible><enabled>true</enabled><firstName>Ala</firstName><ID>7</ID>' +
  '<lastName>Nowak</lastName><modificationDate>2010-03-01T10:00:00.000+00:00</modificationDate>' +
  '<name>Ala Nowak</name><nameVisible>true</nameVisible><username>ala</username>';

/** Example `<return>` contents for the OpenAPI document. */
export const EXAMPLE = {
  group: GROUP,
  user: USER,
  property: '<name>color</name><value>blue</value>',
} as const;

export interface JiveOperationDoc {
  summary: string;
  /** The request body example (POST/PUT). */
  body?: string;
  /** Path parameters and their descriptions. */
  params?: Record<string, string>;
  /** `<return>` contents of the example response; none for void operations. */
  returns?: string[];
  /** Fault classes the operation documents. */
  faults?: string[];
}

/** OpenAPI for one groupService operation, with XML request/response/fault examples. */
export function JiveOperation(operation: string, doc: JiveOperationDoc) {
  const faults = doc.faults ?? [];
  const decorators = [
    ApiOperation({ operationId: `jive_${operation}`, summary: `${operation}: ${doc.summary}` }),
    ...Object.entries(doc.params ?? {}).map(([name, description]) =>
      ApiParam({ name, description, type: 'string' }),
    ),
    ApiResponse({
      status: 200,
      description: `<ns2:${operation}Response> (text/xml;charset=UTF-8)`,
      content: {
        'text/xml': {
          schema: { type: 'string' },
          example: jiveResponse(operation, (doc.returns ?? []) as JiveReturn[]),
        },
      },
    }),
    ApiResponse({
      status: 401,
      description: 'Missing or wrong Basic credentials (a challenge, not a fault)',
      headers: {
        'WWW-Authenticate': { schema: { type: 'string', example: 'Basic realm="Groupbridge"' } },
      },
    }),
  ];
  if (faults.length > 0) {
    decorators.push(
      ApiResponse({
        status: 500,
        description: 'CXF XMLFault; the faultstring is "<Java exception class>: <message>"',
        content: {
          'text/xml': {
            schema: { type: 'string' },
            examples: Object.fromEntries(
              faults.map((fault) => [
                fault.split(':')[0].split('.').pop()!,
                {
                  value: jiveFault(fault),
                },
              ]),
            ),
          },
        },
      }),
    );
  }
  if (doc.body !== undefined) {
    decorators.push(
      ApiConsumes('text/xml', 'application/xml', 'text/plain'),
      ApiBody({
        description: `<${operation}> argument element (any namespace or none; any Content-Type, or none)`,
        schema: { type: 'string', example: doc.body },
      }),
    );
  }
  return applyDecorators(...decorators);
}
