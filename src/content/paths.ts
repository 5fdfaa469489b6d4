import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so scripts work from any working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONTENT_DIR = fileURLToPath(new URL('../../content/', import.meta.url));
