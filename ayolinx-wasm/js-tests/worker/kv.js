// An in-memory stand-in for a KV namespace: workerd turns a kvNamespace binding's get/put into
// HTTP requests to this service (GET/PUT on the key's path). Lives as long as the workerd run.
const values = new Map();

export default {
  async fetch(request) {
    const key = new URL(request.url).pathname;
    if (request.method === "GET") {
      return values.has(key) ? new Response(values.get(key)) : new Response(null, { status: 404 });
    }
    if (request.method === "PUT") {
      values.set(key, await request.text());
      return new Response(null);
    }
    return new Response(`unsupported method ${request.method}`, { status: 405 });
  },
};
