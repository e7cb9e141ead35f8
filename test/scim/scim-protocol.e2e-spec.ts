import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser } from '../helpers/seed';
import { CORE_USER, LIST, provisioningToken, SCIM, scimError } from './scim-helpers';

/** Authentication, discovery, wire conventions and error shapes of /scim/v2 (RFC 7644). */
describe('SCIM protocol', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://idm.example.org' });
    token = await provisioningToken(t);
  });
  afterAll(() => t.close());

  it('needs a bearer token: 401 with a challenge, in the SCIM error shape', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }]) {
      const res = await t.http.get('/scim/v2/Users').set(headers).expect(401);
      expect(res.headers['content-type']).toBe(SCIM);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="Groupbridge SCIM"');
      expect(res.body).toEqual(scimError(401, 'A valid bearer token is required'));
    }
  });

  it('admits system administrators and provisioners, refuses other users (403)', async () => {
    const ordinary = await createUser(t, { username: 'ordinary' });
    const res = await t.http
      .get('/scim/v2/Groups')
      .set('Authorization', `Bearer ${ordinary.token}`)
      .expect(403);
    expect(res.body).toEqual(
      scimError(403, 'SCIM needs a system administrator or a provisioning token'),
    );
    await t.http.get('/scim/v2/Groups').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    await t.http.get('/scim/v2/Groups').set('Authorization', `Bearer ${token}`).expect(200);

    // The role comes and goes through the admin API.
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    await t.http
      .put(`/admin/v1/users/${ordinary.id}/provisioner`)
      .set(admin)
      .expect(200, { userId: ordinary.id, provisioner: true });
    await t.http
      .get('/scim/v2/Groups')
      .set('Authorization', `Bearer ${ordinary.token}`)
      .expect(200);
    await t.http
      .delete(`/admin/v1/users/${ordinary.id}/provisioner`)
      .set(admin)
      .expect(200, { userId: ordinary.id, provisioner: false });
    await t.http
      .get('/scim/v2/Groups')
      .set('Authorization', `Bearer ${ordinary.token}`)
      .expect(403);
    await t.http
      .put(`/admin/v1/users/${ordinary.id}/provisioner`)
      .set('Authorization', `Bearer ${ordinary.token}`)
      .expect(403);
    await t.http.put('/admin/v1/users/999999/provisioner').set(admin).expect(404);
  });

  it('serves the discovery documents without authentication', async () => {
    const config = await t.http.get('/scim/v2/ServiceProviderConfig').expect(200);
    expect(config.headers['content-type']).toBe(SCIM);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await t.http.get('/scim/v2/ResourceTypes').expect(200);
    expect(types.body.schemas).toEqual([LIST]);
    expect(types.body.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual([
      '/Users',
      '/Groups',
    ]);
    const schemas = await t.http.get('/scim/v2/Schemas').expect(200);
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([
      CORE_USER,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
    const one = await t.http.get(`/scim/v2/Schemas/${CORE_USER}`).expect(200);
    expect(one.body).toMatchObject({ id: CORE_USER, name: 'User', description: 'User Account' });
    const unknown = await t.http.get('/scim/v2/Schemas/urn:example:nope').expect(404);
    expect(unknown.body).toEqual(scimError(404, 'No schema "urn:example:nope"'));
    const user = await t.http.get('/scim/v2/ResourceTypes/user').expect(200);
    expect(user.body.meta).toEqual({
      resourceType: 'ResourceType',
      location: 'https://idm.example.org/scim/v2/ResourceTypes/User',
    });
  });

  it('matches resource paths in any case, and reads application/scim+json bodies', async () => {
    const res = await t.http
      .post('/scim/v2/users')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: [CORE_USER], userName: 'casey' }))
      .expect(201);
    await t.http
      .get(`/SCIM/V2/USERS/${res.body.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
  });

  it('answers errors in the SCIM shape: bad JSON, unknown endpoints, bad parameters', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const json = await t.http
      .post('/scim/v2/Users')
      .set(auth)
      .set('Content-Type', 'application/scim+json')
      .send('{"userName":');
    expect(json.status).toBe(400);
    expect(json.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const notArray = await t.http
      .post('/scim/v2/Users')
      .set(auth)
      .set('Content-Type', 'application/scim+json')
      .send('[1]');
    expect(notArray.body).toEqual(
      scimError(400, 'The request body must be a User resource', 'invalidSyntax'),
    );
    const unknown = await t.http.get('/scim/v2/Bulk').set(auth).expect(404);
    expect(unknown.body).toEqual(scimError(404, 'No such resource or endpoint'));
    const sort = await t.http.get('/scim/v2/Users?sortBy=title').set(auth).expect(400);
    expect(sort.body).toEqual(scimError(400, 'Cannot sort by title', 'invalidValue'));
    const attributes = await t.http
      .get(`/scim/v2/Users?attributes=${encodeURIComponent('emails[type eq "work"]')}`)
      .set(auth)
      .expect(400);
    expect(attributes.body).toEqual(
      scimError(
        400,
        'attributes lists attribute names; to select by value use filter',
        'invalidValue',
      ),
    );
  });

  it('refuses writes on a read-only server (403) and still reads', async () => {
    const readOnly = await t.restart({ readOnly: true });
    try {
      const res = await readOnly.http
        .post('/scim/v2/Users')
        .set('Authorization', `Bearer ${token}`)
        .send({ userName: 'nope' })
        .expect(403);
      expect(res.body).toEqual(scimError(403, 'This server is read-only'));
      await readOnly.http.get('/scim/v2/Users').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      t = await readOnly.restart({ readOnly: false });
    }
  });
});
