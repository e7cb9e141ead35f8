import { usosNow } from './usos-apisrv.controller';

describe('usosNow', () => {
  it('writes Polish local time with microseconds, summer and winter', () => {
    expect(usosNow(new Date('2026-07-01T12:00:00.123Z'))).toBe('2026-07-01 14:00:00.123000');
    expect(usosNow(new Date('2026-01-15T23:30:05.007Z'))).toBe('2026-01-16 00:30:05.007000');
  });
});
