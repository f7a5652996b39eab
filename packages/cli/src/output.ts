import { dirname, isAbsolute, resolve } from 'node:path';
import { writeFileAtomic } from '@ccf/core/node';
import { UsageError, type Io } from './io.js';
import { isDir } from './repo.js';

/** Writes `text` to `out` (temp file + rename, so never half-written), or to stdout. */
export async function emit(io: Io, text: string | Uint8Array, out: string | undefined): Promise<void> {
  if (out === undefined) {
    // Binary output (a workbook) is refused without --out before it is made.
    io.stdout(typeof text === 'string' ? text : new TextDecoder().decode(text));
    return;
  }
  const target = isAbsolute(out) ? out : resolve(io.cwd, out);
  if (!isDir(dirname(target)))
    throw new UsageError('USAGE_NO_SUCH_FILE', `No such folder: ${dirname(out)}`, {
      hint: 'Create it first, or write elsewhere with `--out`.',
    });
  await writeFileAtomic(target, text);
}
