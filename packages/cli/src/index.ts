export { main, version } from './main.js';
export { processIo, CommandError, UsageError, type Io } from './io.js';
