export { createApp, type AppOptions } from './app.js';
export type { DiffResult, OpenResult, Release, ReleaseFile, Snapshot, SpecProblem, Store } from './store.js';
export { sitePaths } from './site.js';
export { DEFAULT_WINDOW_DAYS, defaultRelease, type PinningOptions } from './pinning.js';
export type { CheckedFile, ContentEditor, EditedFile } from './edit/editor.js';
