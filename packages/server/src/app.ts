import { Hono } from 'hono';
import { versionDiffs } from './diffs.js';
import type { PinningOptions } from './pinning.js';
import type { ContentEditor } from './edit/editor.js';
import { editRoutes } from './edit/routes.js';
import { errorResponder, HttpError } from './errors.js';
import { versionHistory } from './history.js';
import { cors } from './middleware/cors.js';
import { guards } from './middleware/guards.js';
import type { PageContext } from './pages/layout.js';
import { apiRoutes } from './routes/api.js';
import { assetRoutes } from './routes/assets.js';
import { caseRoutes } from './routes/case.js';
import { siteFileRoutes } from './routes/site-files.js';
import { linkRoutes } from './routes/links.js';
import { liveEvents } from './routes/live.js';
import { pageRoutes } from './routes/pages.js';
import { snapshotState } from './state.js';
import type { Snapshot, Store } from './store.js';

export interface AppOptions {
  /** Path prefix of every link, ending in `/`. Default `/`. */
  base?: string;
  /**
   * Host names the server answers to (a request for any other is refused: DNS rebinding).
   * Default: localhost, 127.0.0.1 and ::1. `'*'` answers any (behind a proxy that checks it).
   */
  allowedHosts?: string[] | '*';
  /**
   * Links inside API documents name the files a static export writes (`…/nodes/x.json`).
   * Set by `ccf build-site`; the live server answers both names.
   */
  staticSite?: boolean;
  /** Longest time a diff may take, in ms, before the request gets a 503. Default 20 s. */
  diffTimeout?: number;
  /**
   * What an /api/v1 request without `?release=` answers from (ADR 0020): the content shown (default: a preview of
   * the work tree for `ccf serve`) or the default release, which a new major release moves only after a window.
   */
  pinning?: PinningOptions;
  /**
   * Edit mode (`ccf serve --edit`): edit pages and the POSTs that write content files through this editor.
   * Only for a server bound to loopback; every write carries a random per-server token.
   */
  editor?: ContentEditor;
}

/** The longest URL accepted. */
export const MAX_URL = 4096;
const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The preview site and read API over a store. Uses Web APIs only (no file system, no process),
 * so it runs on Node, an edge runtime, or is pre-rendered to files.
 */
export function createApp(store: Store, options: AppOptions = {}): Hono {
  const base = options.base ?? '/';
  const live = typeof store.subscribe === 'function';
  const state = snapshotState();
  const diffOf = versionDiffs({ store, state, timeout: options.diffTimeout ?? 20_000 });
  const history = versionHistory({ store, diffOf });
  const editor = options.editor;
  const pageContext = (s: Snapshot): PageContext => ({
    base,
    snapshot: s,
    live,
    edit: Boolean(editor),
    ...(options.staticSite ? { staticSite: true } : {}),
  });
  const errorResponse = errorResponder(() => pageContext(store.snapshot()));

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    // No stack traces to users: the message is generic, the details stay on the server.
    console.error(err);
    return errorResponse(c, new HttpError(503, 'internal', 'Something went wrong on the server; try again.'));
  });
  app.notFound((c) =>
    errorResponse(c, new HttpError(404, 'not-found', `Unexpected path \`${c.req.path}\`, expected a page or an /api/v1 document`)),
  );

  // Order matters: refuse first, then answer a CORS preflight, then route.
  app.use(guards({ hosts: options.allowedHosts ?? DEFAULT_HOSTS, maxUrl: MAX_URL, writes: Boolean(editor) }));
  app.use(cors());
  app.route('/assets', assetRoutes());
  if (live) app.get('/_live', liveEvents(store));
  if (editor) app.route('/edit', editRoutes({ store, editor, diffOf, pageContext, token: randomToken() }));
  app.route('/', pageRoutes({ store, state, diffOf, pageContext, history }));
  app.route('/ims/case/v1p1', caseRoutes({ store, state, base }));
  app.route('/', siteFileRoutes({ store, state, pageContext }));
  app.route('/', linkRoutes({ store, state, diffOf, pageContext }));
  app.route(
    '/api/v1',
    apiRoutes({
      store,
      state,
      diffOf,
      history,
      base,
      staticSite: options.staticSite ?? false,
      ...(options.pinning ? { pinning: options.pinning } : {}),
    }),
  );
  return app;
}

/** 256 random bits, hex: the secret an edit page carries (Web Crypto, so the app stays runtime-neutral). */
function randomToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
