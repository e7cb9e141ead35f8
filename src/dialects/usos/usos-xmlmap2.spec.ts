import { toXmlmap2 } from './usos-xmlmap2';

describe('usos xmlmap2', () => {
  it('maps every JSON type onto its element', () => {
    expect(
      toXmlmap2({ id: '12', n: 3.5, ok: true, no: false, nothing: null, list: ['a', 1, [], {}] }),
    ).toBe(
      '<object><string key="id">12</string><number key="n">3.5</number>' +
        '<boolean key="ok">true</boolean><boolean key="no">false</boolean><null key="nothing"/>' +
        '<array key="list"><string>a</string><number>1</number><array></array><object></object></array>' +
        '</object>',
    );
  });

  it('renders the spec examples', () => {
    expect(toXmlmap2({ id: '12', name: 'Seminar', emails: ['a@x.pl'] })).toBe(
      '<object><string key="id">12</string><string key="name">Seminar</string><array key="emails"><string>a@x.pl</string></array></object>',
    );
    expect(toXmlmap2({ '12': { id: '12', name: 'Seminar' }, '999': null })).toBe(
      '<object><object key="12"><string key="id">12</string><string key="name">Seminar</string></object><null key="999"/></object>',
    );
    expect(toXmlmap2([])).toBe('<array></array>');
  });

  it('escapes text and keys and strips characters XML cannot carry', () => {
    expect(toXmlmap2({ 'a"<&>': 'x < y & z > "q"\u0000\u0007' })).toBe(
      '<object><string key="a&quot;&lt;&amp;&gt;">x &lt; y &amp; z &gt; "q"</string></object>',
    );
    expect(toXmlmap2('zażółć 😀')).toBe('<string>zażółć 😀</string>');
  });
});
