import {
  escapeXml,
  groupReturn,
  jiveDate,
  jiveFault,
  jiveResponse,
  scalarReturn,
  userReturn,
} from './jive-views';
import { GroupView, UserView } from '../../domain/views';

const NS = 'http://jivesoftware.com/clearspace/webservices';

describe('jive templates', () => {
  it('escapes markup characters and replaces characters XML cannot carry', () => {
    expect(escapeXml('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'');
    expect(escapeXml('x\u0001y\uFFFEz\tok\n')).toBe('x\uFFFDy\uFFFDz\tok\n');
    expect(escapeXml('emoji \u{1F600} stays, lone \uD800 does not')).toBe(
      'emoji \u{1F600} stays, lone \uFFFD does not',
    );
  });

  it('formats dates as UTC with milliseconds and a colon offset', () => {
    expect(jiveDate(Date.UTC(2010, 2, 1, 10, 0, 0, 7))).toBe('2010-03-01T10:00:00.007+00:00');
  });

  it('wraps returns in ns2:{op}Response; no returns → an empty wrapper', () => {
    expect(jiveResponse('deleteGroup')).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><ns2:deleteGroupResponse xmlns:ns2="${NS}"/>`,
    );
    expect(jiveResponse('getGroupNames', [scalarReturn('a<b'), scalarReturn('c')])).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><ns2:getGroupNamesResponse xmlns:ns2="${NS}">` +
        '<return>a&lt;b</return><return>c</return></ns2:getGroupNamesResponse>',
    );
  });

  it('renders a Group in template order, description omitted when null', () => {
    const group = {
      id: 5,
      name: 'A&B',
      description: null,
      memberCount: 3,
      createdAt: 0,
      updatedAt: 1000,
    } as GroupView;
    expect(groupReturn(group)).toBe(
      '<ID>5</ID><objectType>4</objectType><creationDate>1970-01-01T00:00:00.000+00:00</creationDate>' +
        '<memberCount>3</memberCount><modificationDate>1970-01-01T00:00:01.000+00:00</modificationDate>' +
        '<name>A&amp;B</name>',
    );
    expect(groupReturn({ ...group, description: '' })).toContain(
      '</creationDate><description></description><memberCount>',
    );
  });

  it('renders a User alphabetically, without password, disabled users as enabled=false', () => {
    const user: UserView = {
      id: 9,
      username: 'ala',
      firstName: 'Ala',
      lastName: '',
      email: null,
      active: false,
      isAdmin: true,
      organizationId: null,
      createdAt: 0,
      updatedAt: 0,
    };
    expect(userReturn(user)).toBe(
      '<creationDate>1970-01-01T00:00:00.000+00:00</creationDate><emailVisible>true</emailVisible>' +
        '<enabled>false</enabled><firstName>Ala</firstName><ID>9</ID>' +
        '<modificationDate>1970-01-01T00:00:00.000+00:00</modificationDate><name>Ala</name>' +
        '<nameVisible>true</nameVisible><username>ala</username>',
    );
  });

  it('escapes every string field of a User, and only what needs it', () => {
    const user: UserView = {
      id: 10,
      username: 'a<b>',
      firstName: 'Tom & Jerry',
      lastName: '\u0001x',
      email: 'plain@example.com',
      active: true,
      isAdmin: false,
      organizationId: null,
      createdAt: 0,
      updatedAt: 0,
    };
    expect(userReturn(user)).toBe(
      '<creationDate>1970-01-01T00:00:00.000+00:00</creationDate><email>plain@example.com</email>' +
        '<emailVisible>true</emailVisible><enabled>true</enabled><firstName>Tom &amp; Jerry</firstName>' +
        '<ID>10</ID><lastName>\uFFFDx</lastName>' +
        '<modificationDate>1970-01-01T00:00:00.000+00:00</modificationDate>' +
        '<name>Tom &amp; Jerry \uFFFDx</name><nameVisible>true</nameVisible><username>a&lt;b&gt;</username>',
    );
    expect(escapeXml('nothing to escape: é \u{1F600}')).toBe('nothing to escape: é \u{1F600}');
  });

  it('writes the CXF fault with ns1 on both elements, escaping the faultstring', () => {
    expect(jiveFault('java.lang.X: <a> & b')).toBe(
      '<ns1:XMLFault xmlns:ns1="http://cxf.apache.org/bindings/xformat">' +
        '<ns1:faultstring xmlns:ns1="http://cxf.apache.org/bindings/xformat">java.lang.X: &lt;a&gt; &amp; b</ns1:faultstring>' +
        '</ns1:XMLFault>',
    );
  });
});
