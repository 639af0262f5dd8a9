/** The documents the server lints: file and untitled buffers (not git:/diff views). */
/** shellscript, makefile, markdown: their `docker run` lines; github-actions-workflow: workflow files under the GitHub Actions extension. */
export const LANGUAGES = ['dockercompose', 'dockerfile', 'yaml', 'shellscript', 'makefile', 'markdown', 'github-actions-workflow'];
/** Dockerfile names VS Code may not open as `dockerfile` (a user's files.associations may differ): server/src/core/detect.ts isDockerfileName. */
export const FILE_PATTERNS = [
  '**/Containerfile*', '**/Dockerfile.*', '**/*.dockerfile', '**/*.Dockerfile',
  '**/Dockerfile-*', '**/Dockerfile_*', '**/*_Dockerfile', '**/*-Dockerfile',
];

export const DOCUMENT_SELECTOR: { scheme: string; language?: string; pattern?: string }[] = [
  ...['file', 'untitled'].flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
];
