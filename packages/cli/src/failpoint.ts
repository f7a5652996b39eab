import { getSystemErrorMap } from 'node:util';

// libuv's table lacks a few codes a write can fail with.
const MORE: Record<string, string> = { EDQUOT: 'disk quota exceeded' };

/** What the system calls an errno code (`ENOSPC` → `no space left on device`), or undefined for an unknown code. */
export function errnoText(code: string): string | undefined {
  for (const [name, text] of getSystemErrorMap().values()) if (name === code) return text;
  return MORE[code];
}

/**
 * Test hook for crash and full-disk tests. `CCF_TEST_FAILPOINT=<step>=<action>[,…]` stops a command at a named
 * step: `kill` ends the process with SIGKILL, as a crash or a power cut would (no clean-up runs); an errno code
 * (ENOSPC, EDQUOT, EROFS, EACCES, …) is thrown as the error the next write of `path` would have raised.
 * Steps are listed where they are called (`release:journal`, `release:index`, `publish:files-written`, …).
 */
export async function failpoint(env: Record<string, string | undefined>, step: string, path: string): Promise<void> {
  const spec = env.CCF_TEST_FAILPOINT;
  if (!spec) return;
  for (const item of spec.split(',')) {
    const [at, action = ''] = item.split('=');
    if (at !== step) continue;
    if (action === 'kill') {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    }
    const text = errnoText(action);
    if (!text) throw new Error(`CCF_TEST_FAILPOINT: unknown action \`${action}\`, expected kill or an errno code`);
    throw Object.assign(new Error(`${action}: ${text}, write '${path}'`), { code: action, syscall: 'write', path });
  }
}
