/** Sign in by pasting a token; in development, by picking a demo role the gateway mints for. */
import { useEffect, useState } from 'react';

export function SignIn(props: { onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [demoRoles, setDemoRoles] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    // Answered only by a gateway in development mode; in production the route does not exist.
    void fetch('/console/dev-roles')
      .then(async (r) => (r.ok ? ((await r.json()) as { roles: string[] }).roles : []))
      .then(setDemoRoles)
      .catch(() => setDemoRoles([]));
  }, []);
  const pick = async (role: string) => {
    setError(undefined);
    const response = await fetch('/console/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    if (!response.ok) {
      setError(`The gateway minted no token (HTTP ${response.status})`);
      return;
    }
    props.onToken(((await response.json()) as { token: string }).token);
  };
  return (
    <section className="sign-in">
      <h2>Sign in</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) {
            props.onToken(token.trim());
          }
        }}
      >
        <label>
          Bearer token
          <textarea
            name="token"
            value={token}
            rows={4}
            placeholder="npx hub token --role auditor --agency GS-AUD --province GS"
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <button type="submit">Sign in</button>
      </form>
      {demoRoles.length > 0 && (
        <div className="demo-roles">
          <p>Development mode: sign in as a demo role</p>
          {demoRoles.map((role) => (
            <button key={role} type="button" onClick={() => void pick(role)}>
              {role}
            </button>
          ))}
        </div>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
