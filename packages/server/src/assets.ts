// Static assets served under /assets/. The CSP allows scripts and styles from 'self' only, so
// nothing is inline: pages link these files.

/** The site's stylesheet: readable, responsive, printable; colors meet WCAG AA contrast. */
export const siteCss = `:root{--fg:#1b1f24;--muted:#4a5360;--bg:#fff;--line:#d0d7de;--accent:#0b57a4;--accent-bg:#eef4fb;--warn-bg:#fff4e5;--warn:#7a4100;--err:#a40e26;--ok:#116329;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#a9b4c0;--bg:#0d1117;--line:#30363d;--accent:#6cb6ff;--accent-bg:#132338;--warn-bg:#2b1d07;--warn:#f0b35b;--err:#ff8b94;--ok:#56d364}}
*{box-sizing:border-box}
html{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
.skip:focus{left:.5rem}
header.site{border-bottom:1px solid var(--line);padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header.site .brand{font-weight:700;text-decoration:none;color:var(--fg)}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.site form{margin-left:auto;display:flex;gap:.25rem}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem;padding:1rem;max-width:72rem;margin:2rem auto 0}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:1.75rem 0 .5rem}
h3{font-size:1.1rem}
.muted,.crumbs{color:var(--muted)}
.crumbs{font-size:.9rem}
.crumbs ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.25rem}
.crumbs li+li::before{content:"›";margin-right:.25rem}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.75rem}
.cards li{border:1px solid var(--line);border-radius:6px;padding:.75rem}
.cards a{font-weight:600}
.badge{display:inline-block;font-size:.75rem;font-weight:600;border:1px solid currentColor;border-radius:999px;padding:0 .5rem;margin-left:.25rem;color:var(--accent);vertical-align:middle}
.badge.retired{color:var(--err)}
.badge.weak{color:var(--muted);border-style:dashed}
.badge.origin-modified{color:var(--warn)}
.badge{white-space:nowrap}
table.wide{min-width:48rem}
table.wide :is(th,td){overflow-wrap:break-word}
.badge.origin-state{color:var(--ok)}
.badge.hidden{color:var(--muted);border-style:dashed}
ul.plain{list-style:none;margin:0;padding:0}
.counts-list{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;font-weight:600}
.counts{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--line)}
.table-wrap{overflow-x:auto}
.flow-wrap{overflow:auto;max-width:100%;border:1px solid var(--line);border-radius:6px;background:#fff}
.flow-wrap svg{display:block;width:100%;min-width:66rem;height:auto}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
button{background:var(--accent);color:var(--bg);border-color:var(--accent);cursor:pointer}
label{font-weight:600;margin-right:.25rem}
.form-row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0 1rem}
.form-row div{display:flex;flex-direction:column;min-width:0;max-width:100%}
input,select,textarea{max-width:100%}
.problems{background:var(--warn-bg);border:1px solid var(--warn);border-radius:6px;padding:.75rem 1rem;margin-bottom:1rem}
.problems h2{margin-top:0;color:var(--warn)}
.sev-error{color:var(--err);font-weight:600}
.sev-warning{color:var(--warn);font-weight:600}
.sev-info{color:var(--muted)}
.diff-report ins,.diff-report .added{color:var(--ok)}
.diff-report del,.diff-report .removed{color:var(--err)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.table-wrap:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.edit-links{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
a.button{display:inline-block;background:var(--accent);color:var(--bg);border-radius:4px;padding:.3rem .75rem;text-decoration:none;font-weight:600}
.edit-form fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.5rem .75rem;min-width:0}
.edit-form legend{font-weight:700;padding:0 .25rem}
.edit-form .field{display:flex;flex-direction:column;margin:0 0 1rem;max-width:48rem}
.edit-form .row{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:end;margin:.25rem 0}
.edit-form .row .cell{display:flex;flex-direction:column;flex:1 1 10rem;min-width:0}
.edit-form input:not([type=checkbox]),.edit-form select,.edit-form textarea{max-width:100%;width:100%}
.edit-form input[type=checkbox]{width:auto;align-self:flex-start}
.edit-form input[readonly]{background:var(--accent-bg)}
.edit-form [aria-invalid=true]{border-color:var(--err);border-width:2px}
.help{color:var(--muted);font-size:.85rem;margin:.1rem 0 .35rem}
.field-msgs{list-style:none;padding:0;margin:.25rem 0;font-size:.9rem}
.md-editor{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.md-editor textarea{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;min-height:14rem}
.preview{border:1px dashed var(--line);border-radius:6px;padding:0 .75rem;overflow-wrap:anywhere}
.preview-h{font-size:.9rem;color:var(--muted);margin:.5rem 0}
.saved{background:var(--accent-bg);border:1px solid var(--accent);border-radius:6px;padding:.5rem .75rem}
textarea{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
main{overflow-wrap:anywhere}
@media (max-width:40rem){header.site form{margin-left:0;width:100%}header.site form input{flex:1}h1{font-size:1.4rem}}
@media print{header.site nav,header.site form,.skip,.no-print,form{display:none!important}a{color:inherit;text-decoration:none}main{max-width:none;padding:0}.cards li,tr{break-inside:avoid}}
`;

/**
 * Live reload: listens to /_live (server-sent events) and reloads the page when the content
 * generation differs from the one the page was rendered from.
 */
export const liveJs = `(() => {
  const root = document.documentElement;
  const url = root.dataset.live;
  if (!url || !('EventSource' in window)) return;
  const rendered = root.dataset.generation;
  const events = new EventSource(url);
  // Lets a test (or a curious reader) see that the page is listening.
  events.addEventListener('open', () => (root.dataset.liveState = 'open'));
  events.addEventListener('generation', (e) => {
    if (e.data !== rendered) location.reload();
  });
})();
`;

/**
 * The edit page's live preview of the definition: posts the Markdown (with the page's token) to /edit/preview and
 * shows the sanitized HTML the server answers, the same renderer as the page. Without it, Save still works.
 */
export const editJs = `(() => {
  const area = document.getElementById('f-definition');
  const out = document.getElementById('md-preview');
  const form = document.getElementById('edit-form');
  if (!area || !out || !form) return;
  const token = form.querySelector('input[name=_token]').value;
  let timer;
  let seq = 0;
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++seq;
      const body = new URLSearchParams({ _token: token, _body: area.value });
      try {
        const res = await fetch(area.dataset.preview, { method: 'POST', body, credentials: 'same-origin' });
        if (res.ok && mine === seq) {
          // The server sanitized it (rehype-sanitize), exactly as the page shows a definition.
          out.innerHTML = await res.text();
          out.dataset.previewed = String(mine);
        }
      } catch {
        // Offline or stopped server: the preview keeps its last state; Save reports the problem.
      }
    }, 250);
  });
})();
`;

/**
 * The static export's search (pagefind/ is written by `ccf build-site`): Pagefind's UI, searching at once for the
 * `?q=` the header's search form sends. Results link under the site's base path.
 */
export const searchJs = `(() => {
  const el = document.getElementById('search');
  if (!el || typeof PagefindUI !== 'function') return;
  const ui = new PagefindUI({ element: '#search', baseUrl: el.dataset.base || '/', showSubResults: false, resetStyles: false });
  const q = new URLSearchParams(location.search).get('q');
  if (q) ui.triggerSearch(q.slice(0, 200));
})();
`;

/** The site icon (also stops browsers asking for /favicon.ico). */
export const iconSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57a4"/><path d="M4 4h8v2H6v4h6v2H4z" fill="#fff"/></svg>
`;
