/** The CLI version: package.json's, inlined by esbuild (only `version` is kept in the bundle). */
import { version } from '../../../package.json';

export const VERSION: string = version;
