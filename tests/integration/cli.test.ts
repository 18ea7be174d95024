import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  return { out: () => out, err: () => err };
}
afterEach(() => vi.restoreAllMocks());

describe('northstar CLI', () => {
  it.each([
    [['--help'], /serve.*migrate.*admin.*apikey.*demo/s],
    [['serve', '--help'], /PORT/],
    [['migrate', '--help'], /migrations/],
    [['admin', 'create', '--help'], /--email/],
    [['apikey', 'create', '--help'], /--org/],
    [['demo', '--help'], /--no-serve/],
  ])('prints help for %j and exits 0', async (argv, pattern) => {
    const io = capture();
    expect(await main(argv)).toBe(0);
    expect(io.out()).toMatch(pattern);
  });

  it('fails with a clear message and a non-zero code on bad usage', async () => {
    const io = capture();
    expect(await main(['frobnicate'])).not.toBe(0);
    expect(io.err()).toMatch(/unknown command 'frobnicate'/);
    expect(await main(['apikey', 'create'])).not.toBe(0);
    expect(io.err()).toMatch(/required option '--org <slug>'/);
    expect(await main(['admin', 'create', '--email', 'not-an-email', '--password', 'long enough pw'])).toBe(
      1,
    );
    expect(io.err()).toMatch(/not an email address/);
    expect(await main(['demo', '--no-serve', '--seed', 'abc'])).toBe(1);
    expect(io.err()).toMatch(/--seed must be a whole number/);
  });
});
