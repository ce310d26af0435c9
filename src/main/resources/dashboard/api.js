// The public API, called with the signed-in key. Nothing here is private to the dashboard.
export class Api {
  constructor(key) {
    this.key = key;
  }

  async get(path) {
    return this.#send('GET', path);
  }

  async post(path, body) {
    return this.#send('POST', path, body);
  }

  async #send(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${this.key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = response.status === 204 ? null : await response.json();
    if (!response.ok) {
      const error = new Error(json?.detail ?? `${method} ${path} answered ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return json;
  }
}
