// Being written (issue 5): reads a published release folder back into the model.
import type { ModelSource } from './types.js';

export function releaseSource(dir: string, label: string): ModelSource {
  throw new Error(`reading a release is not implemented yet (${label} at ${dir})`);
}
