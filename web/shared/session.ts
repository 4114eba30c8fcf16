/** The caller's token for this browser tab only (sessionStorage: gone when the tab closes). */
const KEY = 'hub-token';

export const PURPOSES = ['INVESTIGATION', 'PROSECUTION', 'JUDICIAL', 'AUDIT', 'ANALYSIS'] as const;

export function storedToken(): string {
  return sessionStorage.getItem(KEY) ?? '';
}

export function storeToken(token: string): void {
  if (token.trim()) {
    sessionStorage.setItem(KEY, token.trim());
  } else {
    sessionStorage.removeItem(KEY);
  }
}
