import { ControlBody, FaultBody, PairingBody } from '../src';

describe("the instructor's steering bodies", () => {
  it('pairs manually with null standing for the built-in endpoint', () => {
    const body = { strategy: 'manual', pairs: [{ client: 'seat-1', server: null }], mode: 'stack' };
    expect(PairingBody.parse(body)).toEqual(body);
    expect(PairingBody.safeParse({ strategy: 'manual', pairs: [] }).success).toBe(false);
    expect(PairingBody.safeParse({ strategy: 'random' }).success).toBe(false);
  });

  it("refuses 'advance-clock' without ms, pointing at ms", () => {
    const refused = ControlBody.safeParse({ action: 'advance-clock' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['ms']);
    expect(ControlBody.safeParse({ action: 'advance-clock', ms: 1000 }).success).toBe(true);
    expect(ControlBody.safeParse({ action: 'start' }).success).toBe(true);
    expect(ControlBody.safeParse({ action: 'rewind' }).success).toBe(false);
  });

  it("sets a lab's clock pace from 0 (stopped) to 1000, or back to the default with null", () => {
    for (const clockRate of [0, 0.1, 1, 10, 1000, null])
      expect(ControlBody.safeParse({ action: 'set-clock', clockRate }).success).toBe(true);
    for (const clockRate of [-1, 1001, '10', Number.POSITIVE_INFINITY, Number.NaN])
      expect(ControlBody.safeParse({ action: 'set-clock', clockRate }).success).toBe(false);
    const missing = ControlBody.safeParse({ action: 'set-clock' });
    expect(missing.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['clockRate']);
    expect(PairingBody.safeParse({ strategy: 'auto', clockRate: 0 }).success).toBe(true);
    expect(PairingBody.safeParse({ strategy: 'auto', clockRate: -0.5 }).success).toBe(false);
  });

  it('injects only the four faults, from one of the two endpoints', () => {
    expect(FaultBody.safeParse({ fault: 'drop', from: 'client' }).success).toBe(true);
    expect(FaultBody.safeParse({ fault: 'corrupt', from: 'client' }).success).toBe(false);
    expect(FaultBody.safeParse({ fault: 'drop', from: 'network' }).success).toBe(false);
  });
});
