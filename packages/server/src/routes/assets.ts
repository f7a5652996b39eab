import { Hono } from 'hono';
import { editJs, iconSvg, liveJs, searchJs, siteCss } from '../assets.js';
import { makeDoc, type Doc } from '../doc.js';
import { reply } from '../headers.js';

/** `/assets/*`: the style sheet, the live-reload script and the icon, encoded on first request. */
export function assetRoutes(): Hono {
  const app = new Hono();
  const docs = new Map<string, Promise<Doc>>();
  const asset = (name: string, text: string, type: string): void => {
    app.get(`/${name}`, async (c) => {
      let doc = docs.get(name);
      if (!doc) docs.set(name, (doc = makeDoc(text, type, 'public, max-age=300')));
      return reply(c, await doc);
    });
  };
  asset('site.css', siteCss, 'text/css; charset=utf-8');
  asset('live.js', liveJs, 'text/javascript; charset=utf-8');
  asset('edit.js', editJs, 'text/javascript; charset=utf-8');
  asset('search.js', searchJs, 'text/javascript; charset=utf-8');
  asset('icon.svg', iconSvg, 'image/svg+xml');
  return app;
}
