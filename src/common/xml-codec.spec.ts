import { buildXml, parseXml, XmlRejectedError } from './xml-codec';

describe('xml-codec', () => {
  it('refuses a DOCTYPE before parsing (no entity expansion)', () => {
    const billionLaughs = '<!DOCTYPE r [<!ENTITY a "EXPANDED">]><r>&a;</r>';
    expect(() => parseXml(billionLaughs)).toThrow(XmlRejectedError);
  });

  it('decodes the predefined entities and keeps values as strings', () => {
    expect(parseXml('<g><name>A &amp; B &lt;x&gt;</name><id>007</id></g>')).toEqual({
      g: { name: 'A & B <x>', id: '007' },
    });
  });

  it('decodes character references, but not an escaped reference or CDATA', () => {
    expect(
      parseXml('<g><a>J&#233;&#x41; &#60;x&#62;</a><b>&amp;#38;</b><c><![CDATA[&#233;]]></c></g>'),
    ).toEqual({ g: { a: 'JéA <x>', b: '&#38;', c: '&#233;' } });
  });

  it('keeps configured single elements as arrays', () => {
    expect(
      parseXml('<group><users><user>1</user></users></group>', {
        arrayPaths: ['group.users.user'],
      }),
    ).toEqual({
      group: { users: { user: ['1'] } },
    });
  });

  it('rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/Malformed XML/);
  });

  it('strips namespace prefixes on request', () => {
    expect(
      parseXml('<ns2:op xmlns:ns2="urn:x"><id>1</id></ns2:op>', { removeNamespacePrefixes: true }),
    ).toEqual({
      op: { id: '1' },
    });
  });

  it('escapes what it writes', () => {
    expect(buildXml({ error: { summary: 'a < b & "c"' } }, false)).toBe(
      '<error><summary>a &lt; b &amp; &quot;c&quot;</summary></error>',
    );
  });
});
