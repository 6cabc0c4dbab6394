import { findUnsafeText, Id, Name } from '../src';

describe('text rules of the contract', () => {
  it('an id refuses a NUL and a lone surrogate, and accepts a uuid', () => {
    expect(Id.safeParse('a\u0000').success).toBe(false);
    expect(Id.safeParse('\uDBFF').success).toBe(false);
    expect(Id.safeParse('0f8a2c1e-6a7b-4a53-9d7c-2b1f0e9a8c11').success).toBe(true);
  });

  it('a name refuses control characters, line breaks and bidi overrides, and keeps Chinese and emoji', () => {
    const name = Name(40);
    for (const bad of ['a\u0007', 'a\nb', 'a\u2028b', 'abc\u202Edef', '\u0085x', 'x\u2066'])
      expect(name.safeParse(bad).success).toBe(false);
    expect(name.safeParse('  王小明 😀 ').data).toBe('王小明 😀');
  });

  it('a refused text carries its reason in both languages', () => {
    const issue = Name(40).safeParse('a\u0000').error!.issues[0] as { params?: unknown };
    expect(issue.params).toEqual({ en: expect.stringMatching(/NUL/), zh: expect.stringMatching(/空字符/) });
  });

  it('findUnsafeText finds the first bad string or key, with its path, at any depth', () => {
    expect(findUnsafeText({ a: ['ok', { b: 'x\u0000' }] })?.path).toEqual(['a', 1, 'b']);
    expect(findUnsafeText({ ['k\uD800']: 1 })?.path).toEqual(['k\\ud800']);
    expect(findUnsafeText({ a: '你好😀', b: [1, null, true] })).toBeNull();
  });
});
