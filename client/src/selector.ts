/** The documents the server lints: file and untitled buffers (not git:/diff views). */
export const LANGUAGES = ['dockercompose', 'dockerfile', 'yaml'];
export const FILE_PATTERNS = ['**/Containerfile*', '**/Dockerfile.*', '**/*.dockerfile'];

export const DOCUMENT_SELECTOR: { scheme: string; language?: string; pattern?: string }[] = [
  ...['file', 'untitled'].flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];
