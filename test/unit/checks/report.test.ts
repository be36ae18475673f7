import { compareBehaviour, formatJourneyTable, type JourneyResult } from '../../../checks';

const stranded: JourneyResult = {
  journey: 'challenge-completed',
  title: '3DS challenge completed (3220)',
  expected: 'paid after challenge',
  actual: 'paid after challenge, stranded at https://development.shop.example.com/checkout/returned (HTTP 404)',
  verdict: 'fail',
  durationMs: 1,
};

test('the journey table shows where the customer landed in full, path included', () => {
  const table = formatJourneyTable('development', compareBehaviour([stranded]));
  expect(table).toContain('https://development.shop.example.com');
  expect(table).toContain('/checkout/returned (HTTP 404)');
  expect(table).not.toContain('…');
});
