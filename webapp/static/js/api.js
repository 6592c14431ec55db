// Shared by the page's modules: the launch token, JSON calls, UI strings and a small DOM builder.
const main = document.getElementById('main');
const token = main ? main.dataset.launchToken : '';
const messagesEl = document.getElementById('script-messages');
const messages = messagesEl ? JSON.parse(messagesEl.textContent) : {};

/** A UI string from the bundle with {0}, {1}… filled in. */
export function t(key, ...args) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\d)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i])));
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the tool's JSON API with the launch token; throws ApiError with the server's plain message. */
export async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const resp = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) {
    const err = data.error || {};
    throw new ApiError(resp.status, err.code || 'HTTP_' + resp.status, err.message || resp.statusText);
  }
  return data;
}

/** el('p', {class: 'x'}, 'text', child…): attributes are set with setAttribute, never inline style. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Tells frame.js (and so the LMS) that the page's height may have changed. */
export function layoutChanged() {
  document.dispatchEvent(new CustomEvent('lesson:layout'));
}

/** Formats a weight (0..1) as a whole percentage. */
export function percent(x) {
  return Math.round(x * 100) + '%';
}
