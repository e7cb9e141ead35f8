import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

/** The hidden CSRF field of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no CSRF field in:\n${html}`);
  return match[1];
}

/** The Set-Cookie line for `name`, or undefined. */
export function setCookie(res: request.Response, name: string): string | undefined {
  const lines = res.headers['set-cookie'] as unknown as string[] | undefined;
  return lines?.find((line) => line.startsWith(`${name}=`));
}

/** Signs a cookie-keeping agent in through the form, as a browser would. */
export async function signIn(
  agent: TestAgent,
  username: string,
  password: string,
  next = '/web',
): Promise<request.Response> {
  const page = await agent.get(`/web/sign-in?next=${encodeURIComponent(next)}`).expect(200);
  return agent
    .post('/web/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password, next });
}
