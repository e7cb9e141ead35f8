import { buildXml, decodeXmlBody, parseXml, XmlRejectedError } from './xml-codec';

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

  it('passes text as written: no trimming, CDATA joined with the text around it', () => {
    expect(parseXml('<g>\n  <a>  x  </a>\n  <b>A <![CDATA[<c>]]> B</b>\n  <e> </e>\n</g>')).toEqual(
      {
        g: { a: '  x  ', b: 'A <c> B', e: ' ' },
      },
    );
  });

  describe('decodeXmlBody', () => {
    const declared = (encoding: string, text: string) =>
      `<?xml version="1.0" encoding="${encoding}"?><a>${text}</a>`;

    it("decodes by the Content-Type's charset, which overrides the declaration", () => {
      const body = Buffer.from(declared('ISO-8859-1', 'é'), 'utf8');
      expect(decodeXmlBody(body, 'text/xml; charset="UTF-8"')).toBe(declared('ISO-8859-1', 'é'));
    });

    it('else by a byte-order mark, else by the declaration, else as UTF-8', () => {
      const utf16 = Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from('<a>ż</a>', 'utf16le').swap16(),
      ]);
      expect(decodeXmlBody(utf16, 'application/xml')).toBe('<a>ż</a>');
      const latin1 = Buffer.from(declared('iso-8859-1', 'é'), 'latin1');
      expect(decodeXmlBody(latin1, undefined)).toBe(declared('iso-8859-1', 'é'));
      expect(decodeXmlBody(Buffer.from('<a>é</a>', 'utf8'), 'text/xml')).toBe('<a>é</a>');
    });

    it('refuses an encoding it cannot decode', () => {
      expect(() => decodeXmlBody(Buffer.from(declared('x-unknown', 'a')), undefined)).toThrow(
        new XmlRejectedError('Unsupported encoding "x-unknown"'),
      );
      expect(() => decodeXmlBody(Buffer.from('<a/>'), 'text/xml; charset=ebcdic-x')).toThrow(
        XmlRejectedError,
      );
    });
  });
});
