/**
 * The page the gateway serves at `/`: a small, self-contained query console (no CDN, no
 * external fonts or scripts) so it works on networks cut off from the internet. Its style and
 * script are separate files, so the page's Content-Security-Policy allows nothing inline.
 */
export const LANDING_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Interagency Hub</title>
<link rel="stylesheet" href="/assets/landing.css">
</head>
<body>
<header><h1>Interagency Hub — query console</h1><nav><a href="/graphiql">Query explorer (GraphiQL)</a> <a href="/console">Audit console</a></nav></header>
<main>
  <section>
    <label for="token">Bearer token</label>
    <input id="token" placeholder="npx hub token --role bureau_analyst --agency GS-NB --province GS">
    <label for="purpose">Purpose (x-purpose)</label>
    <input id="purpose" value="INVESTIGATION" placeholder="INVESTIGATION | PROSECUTION | JUDICIAL:&lt;ref&gt; | AUDIT | ANALYSIS">
    <label for="query">Query</label>
    <textarea id="query">query Cases {
  cases(first: 5) {
    totalCount
    edges { node { caseNumber title province dissemination
      suspects { role person { fullName } } } }
  }
}</textarea>
    <label for="variables">Variables (JSON)</label>
    <textarea id="variables" class="short">{}</textarea>
    <button id="run">Run</button>
    <p class="muted">Every request is recorded in the audit trail with its stated purpose.</p>
  </section>
  <section>
    <label>Response</label>
    <pre id="out"></pre>
  </section>
</main>
<script src="/assets/landing.js"></script>
</body>
</html>
`;

export const LANDING_CSS = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 12px 20px; }
  header { display: flex; align-items: center; gap: 16px; }
  header h1 { font-size: 18px; margin: 0; }
  header nav { margin-left: auto; } header a { color: #9cf; margin-left: 12px; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px 20px; }
  label { display: block; font-weight: 600; margin: 8px 0 4px; }
  textarea, input, select { width: 100%; box-sizing: border-box; font: 13px monospace; padding: 6px; }
  textarea { min-height: 220px; }
  pre { background: #fff; border: 1px solid #ccd; padding: 10px; min-height: 480px; overflow: auto; margin: 0; }
  button { margin-top: 10px; padding: 8px 16px; font-weight: 600; }
  .muted { color: #667; font-size: 12px; }
  textarea.short { min-height: 60px; }
`;

export const LANDING_JS = `
  const $ = (id) => document.getElementById(id);
  $('token').value = sessionStorage.getItem('hub-token') || '';
  $('run').addEventListener('click', async () => {
    sessionStorage.setItem('hub-token', $('token').value.trim());
    let variables;
    try { variables = JSON.parse($('variables').value || '{}'); }
    catch (e) { $('out').textContent = 'Variables are not valid JSON: ' + e.message; return; }
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    if ($('token').value.trim()) headers.authorization = 'Bearer ' + $('token').value.trim();
    if ($('purpose').value.trim()) headers['x-purpose'] = $('purpose').value.trim();
    const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: $('query').value, variables }) });
    $('out').textContent = 'HTTP ' + res.status + '\\n' + JSON.stringify(await res.json(), null, 2);
  });
`;
