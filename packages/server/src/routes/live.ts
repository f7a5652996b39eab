import type { Handler } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PRIVATE_HEADERS } from '../headers.js';
import type { Store } from '../store.js';

/** `/_live`: server-sent events that tell open pages the content changed (a new snapshot generation). Needs `store.subscribe`. */
export function liveEvents(store: Store): Handler {
  return (c) => {
    for (const [k, v] of Object.entries(PRIVATE_HEADERS)) c.header(k, v);
    return streamSSE(c, async (stream) => {
      let stop = (): void => {};
      const done = new Promise<void>((resolve) => {
        stop = resolve;
      });
      await stream.writeSSE({ event: 'generation', data: String(store.snapshot().generation) });
      const unsubscribe = store.subscribe!((s) => void stream.writeSSE({ event: 'generation', data: String(s.generation) }).catch(stop));
      const ping = setInterval(() => void stream.write(': ping\n\n').catch(stop), 25_000);
      stream.onAbort(stop);
      await done;
      clearInterval(ping);
      unsubscribe();
    });
  };
}
