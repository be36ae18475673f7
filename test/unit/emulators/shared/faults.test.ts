import { FaultInjector, FaultTimers } from '../../../../emulators/shared';

describe('FaultInjector', () => {
  test('with no rules every request is handled at once', () => {
    expect(new FaultInjector().planFor('GetSecretValue')).toEqual({ latencyMs: 0, outcome: { kind: 'handle' } });
  });

  test('a string rule matches only the exact label', () => {
    const faults = new FaultInjector();
    faults.add({ match: 'GetSecretValue', status: 500 });
    expect(faults.planFor('GetSecretValue').outcome).toEqual({ kind: 'status', status: 500 });
    expect(faults.planFor('GetSecretValueX').outcome).toEqual({ kind: 'handle' });
  });

  test('a RegExp rule is tested against the label, also when it is global', () => {
    const faults = new FaultInjector();
    faults.add({ match: /^POST \/v1\/payment_intents/g, drop: true });
    expect(faults.planFor('POST /v1/payment_intents').outcome).toEqual({ kind: 'drop' });
    expect(faults.planFor('POST /v1/payment_intents/pi_1/confirm').outcome).toEqual({ kind: 'drop' });
    expect(faults.planFor('GET /v1/payment_intents/pi_1').outcome).toEqual({ kind: 'handle' });
  });

  test('a rule with times retires after that many matching requests', () => {
    const faults = new FaultInjector();
    faults.add({ status: 429, times: 2 });
    expect([1, 2, 3].map(() => faults.planFor('x').outcome.kind)).toEqual(['status', 'status', 'handle']);
  });

  test('the earliest matching rule wins and latency travels with the plan', () => {
    const faults = new FaultInjector();
    faults.add({ match: 'a', latencyMs: 50 });
    faults.add({ status: 503 });
    expect(faults.planFor('a')).toEqual({ latencyMs: 50, outcome: { kind: 'handle' } });
    expect(faults.planFor('b')).toEqual({ latencyMs: 0, outcome: { kind: 'status', status: 503 } });
  });

  test('the remover and clear take rules away', () => {
    const faults = new FaultInjector();
    const remove = faults.add({ status: 500 });
    remove();
    expect(faults.planFor('x').outcome.kind).toBe('handle');
    faults.add({ status: 500 });
    faults.clear();
    expect(faults.planFor('x').outcome.kind).toBe('handle');
  });

  test.each([
    [{ status: 200 }, /HTTP error status/],
    [{ status: 500, drop: true }, /cannot both/],
    [{ latencyMs: -1 }, /latencyMs/],
    [{ times: 0 }, /times/],
  ])('a nonsensical rule %j is refused with the field named', (rule, message) => {
    expect(() => new FaultInjector().add(rule)).toThrow(message);
  });
});

describe('FaultTimers', () => {
  const slow = { latencyMs: 60_000, outcome: { kind: 'handle' as const } };

  test('a plan without latency resolves at once', async () => {
    await expect(new FaultTimers().wait({ latencyMs: 0, outcome: { kind: 'handle' } })).resolves.toBeUndefined();
  });

  test('cancelAll ends pending waits at once, so a closing stand-in is not held up by a slow rule', async () => {
    const timers = new FaultTimers();
    const waits = [timers.wait(slow), timers.wait(slow)];
    const started = Date.now();
    timers.cancelAll();
    await Promise.all(waits);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
