import type { Request, Response } from 'express';
import { DomainError } from '../../domain/domain-error';
import { ClassifiedError } from '../../common/dialect-error-renderer';
import { JiveErrorRenderer } from './jive-errors';

function render(error: ClassifiedError, method = 'GET', path = '/rpc/rest/groupService/x') {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = {
    headers: {},
  };
  const res = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
    type(value: string) {
      sent.headers['Content-Type'] = value;
      return this;
    },
    send(body: Buffer | string) {
      sent.body = body.toString();
      return this;
    },
  };
  new JiveErrorRenderer().render(error, { method, path } as Request, res as unknown as Response);
  return sent;
}

const faultOf = (s: string) =>
  '<ns1:XMLFault xmlns:ns1="http://cxf.apache.org/bindings/xformat"><ns1:faultstring xmlns:ns1="http://cxf.apache.org/bindings/xformat">' +
  `${s}</ns1:faultstring></ns1:XMLFault>`;

describe('JiveErrorRenderer', () => {
  it('maps domain errors to Jive exception classes', () => {
    expect(render({ kind: 'domain', error: DomainError.notFound('user', 3) })).toEqual({
      status: 500,
      headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
      body: faultOf('com.jivesoftware.base.UserNotFoundException: User 3 not found'),
    });
    expect(render({ kind: 'domain', error: DomainError.cycle(1, 2) }).body).toBe(
      faultOf(
        'java.lang.IllegalArgumentException: Nesting group 2 in group 1 would create a cycle',
      ),
    );
  });

  it('answers an unexpected error as a RuntimeException fault naming only the request id', () => {
    expect(render({ kind: 'internal', requestId: 'req-1' })).toEqual({
      status: 500,
      headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
      body: faultOf('java.lang.RuntimeException: Internal error (request req-1)'),
    });
  });

  it('keeps 413 (refused before CXF) with a fault body', () => {
    expect(
      render({ kind: 'http', status: 413, message: 'request entity too large' }, 'POST'),
    ).toEqual({
      status: 413,
      headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
      body: faultOf('org.apache.cxf.interceptor.Fault: request entity too large'),
    });
  });

  it('challenges for Basic credentials on 401, without a fault', () => {
    expect(render({ kind: 'http', status: 401, message: 'Unauthorized' })).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="Groupbridge"', 'Content-Type': 'text/plain' },
      body: 'Unauthorized',
    });
  });
});
