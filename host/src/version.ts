import { readFileSync } from 'node:fs';

interface PackageJson {
  readonly name: string;
  readonly version: string;
}

// Read once from our own package.json so the version printed and recorded in provenance can
// never drift from the published one.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;

export const HOST_NAME: string = pkg.name;
export const HOST_VERSION: string = pkg.version;
export const HOST_ID = `${HOST_NAME}@${HOST_VERSION}`;
