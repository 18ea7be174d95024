// Run the CLI in process and capture what it prints (stdout, stderr and console.log).
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Run `northstar <argv>` in process; returns the exit code and everything it wrote. */
export async function runCaptured(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const l = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out += `${args.join(' ')}\n`;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    l.mockRestore();
  }
}
