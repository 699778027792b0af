import { compareQuantities, formatQuantity, normalizeQuantity, parseQuantity } from '../../lib/tenancy/quantity';

describe('quantities', () => {
  test.each([
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['20', '20'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['64Gi', '64Gi'],
    ['1e3', '1k'],
    ['2000m', '2'],
    ['100M', '100M'],
    ['0.1Gi', '107374182400m'],
  ])('%s normalises to %s', (input, canonical) => {
    expect(normalizeQuantity(input)).toBe(canonical);
  });

  test.each(['20cores', '1.2.3', 'Gi', '', '1 Gi', '--1'])('%j is not a quantity', (input) => {
    expect(parseQuantity(input)).toBeUndefined();
  });

  test('comparison is exact across units', () => {
    expect(compareQuantities(parseQuantity('1Gi')!, parseQuantity('1073741824')!)).toBe(0);
    expect(compareQuantities(parseQuantity('1G')!, parseQuantity('1Gi')!)).toBe(-1);
    expect(compareQuantities(parseQuantity('250m')!, parseQuantity('0.2')!)).toBe(1);
    expect(formatQuantity(parseQuantity('-1.5')!)).toBe('-1500m');
  });
});
