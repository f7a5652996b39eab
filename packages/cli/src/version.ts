import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The tool version, as printed by `ccf --version` and written into manifests. */
export const version = pkg.version;
