import { ListedGroup } from '../../domain/groups.service';
import { UserView } from '../../domain/views';
import {
  formatPublisherDate,
  PUBLISHER_FULL_FIELDS,
  publisherGroupDocument,
  publisherGroupObject,
  publisherListDocument,
} from './publisher-views';

function member(id: number, organizationId: number | null): UserView {
  return {
    id,
    username: `u${id}`,
    firstName: '',
    lastName: '',
    email: null,
    active: true,
    isAdmin: false,
    organizationId,
    createdAt: 0,
    updatedAt: 0,
  };
}

const GROUP = {
  id: 3,
  name: 'Internal Users',
  createdAt: Date.UTC(2018, 4, 28, 11, 3, 0, 0),
  updatedAt: Date.UTC(2019, 0, 2, 3, 4, 5, 67),
  members: [member(22, 1), member(456, 1), member(98107, 2), member(99000, null)],
} as ListedGroup;

describe('formatPublisherDate', () => {
  it('writes dd-MM-yyyy HH:mm:ss:SSS in UTC', () => {
    expect(formatPublisherDate(Date.UTC(2018, 4, 28, 11, 3, 0, 0))).toBe('28-05-2018 11:03:00:000');
    expect(formatPublisherDate(Date.UTC(2026, 11, 1, 23, 59, 59, 7))).toBe(
      '01-12-2026 23:59:59:007',
    );
  });
});

describe('publisherGroupObject', () => {
  it('builds the full object; organisationcount counts distinct organisations', () => {
    expect(publisherGroupObject(GROUP, PUBLISHER_FULL_FIELDS, 'http://h/ctx')).toEqual({
      id: 3,
      name: 'Internal Users',
      users: [22, 456, 98107, 99000],
      createddate: '28-05-2018 11:03:00:000',
      modifieddate: '02-01-2019 03:04:05:067',
      organisationcount: 2,
    });
  });

  it('projects the requested fields with an absolute link', () => {
    expect(publisherGroupObject(GROUP, ['id', 'link'], 'http://h/ctx')).toEqual({
      id: 3,
      link: 'http://h/ctx/api/2/groups/3',
    });
  });
});

describe('documents', () => {
  it('wraps a group for JSON and mirrors it in XML with <users><user>', () => {
    const doc = publisherGroupDocument({ id: 3, name: 'A', users: [1, 2], organisationcount: 0 });
    expect(doc.json).toEqual({ group: { id: 3, name: 'A', users: [1, 2], organisationcount: 0 } });
    expect(doc.xml).toEqual({
      group: { id: 3, name: 'A', users: { user: [1, 2] }, organisationcount: 0 },
    });
  });

  it('renders an empty users list as an empty element', () => {
    expect(publisherGroupDocument({ id: 3, users: [] }).xml).toEqual({
      group: { id: 3, users: '' },
    });
  });

  it('lists groups under "groups" in JSON and as repeated <group> in XML', () => {
    const doc = publisherListDocument({ total: 7, items: [{ id: 1 }, { id: 2 }] }, 3);
    expect(doc.json).toEqual({ total: 7, currentpage: 3, groups: [{ id: 1 }, { id: 2 }] });
    expect(doc.xml).toEqual({
      groups: { total: 7, currentpage: 3, group: [{ id: 1 }, { id: 2 }] },
    });
  });
});
