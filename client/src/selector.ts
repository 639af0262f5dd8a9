/** The documents the server lints: file and untitled buffers (not git:/diff views). */
export const LANGUAGES = ['dockercompose', 'dockerfile', 'yaml', 'shellscript'];
/** Dockerfile names VS Code may not open as `dockerfile` (a user's files.associations may differ): server/src/core/detect.ts isDockerfileName. */
export const FILE_PATTERNS = [
  '**/Containerfile*', '**/Dockerfile.*', '**/*.dockerfile', '**/*.Dockerfile',
  '**/Dockerfile-*', '**/Dockerfile_*', '**/*_Dockerfile', '**/*-Dockerfile',
];

export const DOCUMENT_SELECTOR: { scheme: string; language?: string; pattern?: string }[] = [
  ...['file', 'untitled'].flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];
