// Inside an LMS iframe (Canvas), report the page height with lti.frameResize on every layout change.
// Top-level (phone apps, new window) there is no parent and nothing is sent.
const framed = window.parent && window.parent !== window;
let last = 0;

// The root element's own box, not scrollHeight: scrollHeight is never less than the frame's viewport, so once the
// frame had grown it could never shrink again.
function send() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (!framed || height === last) return;
  last = height;
  window.parent.postMessage({ subject: 'lti.frameResize', height }, '*');
}

if (framed) {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; send(); });
  };
  new ResizeObserver(schedule).observe(document.body);
  document.addEventListener('lesson:layout', schedule);
  document.addEventListener('toggle', schedule, true);
  window.addEventListener('load', schedule);
  schedule();
}
