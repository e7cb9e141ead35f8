import { toXmlmap } from './usos-xmlmap';

describe('toXmlmap (USOS deprecated xmlmap/xmlitems)', () => {
  it('writes booleans as integers, numbers as int or float, and escapes text and keys', () => {
    expect(
      toXmlmap({ yes: true, no: false, n: 7, f: 1.5, s: 'a<&>"b', 'k"&': null, l: [1, 'x'] }),
    ).toBe(
      '<dict><item key="yes"><int>1</int></item><item key="no"><int>0</int></item>' +
        '<item key="n"><int>7</int></item><item key="f"><float>1.5</float></item>' +
        '<item key="s"><string>a&lt;&amp;&gt;"b</string></item><item key="k&quot;&amp;"><null/></item>' +
        '<item key="l"><list><item><int>1</int></item><item><string>x</string></item></list></item></dict>',
    );
  });

  it('writes an empty object as <dict></dict> and an empty list as <list></list>', () => {
    expect(toXmlmap({})).toBe('<dict></dict>');
    expect(toXmlmap([])).toBe('<list></list>');
  });
});
