import { el, t } from './api.js';

// Inside an LMS iframe (Canvas), report the page height with lti.frameResize on every layout change, and ask for
// lti.scrollToTop when the exercise moves to another item or to the results while that step is out of view.
// Top-level (phone apps, new window) there is no parent and nothing is sent.
const framed = window.parent && window.parent !== window;
const main = document.getElementById('main');
const target = main ? main.dataset.documentTarget : '';
let last = 0;

function post(message) {
  if (framed) window.parent.postMessage(message, '*');
}

// The root element's own box, not scrollHeight: scrollHeight is never less than the frame's viewport, so once the
// frame had grown it could never shrink again.
function send() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (!framed || height === last) return;
  last = height;
  post({ subject: 'lti.frameResize', height });
}

// Canvas scrolls its page to the top of the tool's frame on lti.scrollToTop. Focus already moved to the new step's
// heading, which usually brings it into view; only when it did not (the platform's page did not follow) is the
// message sent, since scrolling to the frame's top would otherwise take a visible step out of view.
function scrollToTop(event) {
  if (!framed || target !== 'iframe') return;
  const step = event.detail && event.detail.element;
  if (!step || typeof IntersectionObserver !== 'function') {
    post({ subject: 'lti.scrollToTop' });
    return;
  }
  const io = new IntersectionObserver((entries) => {
    io.disconnect();
    if (!entries[0].isIntersecting) post({ subject: 'lti.scrollToTop' });
  });
  io.observe(step);
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
  document.addEventListener('lesson:step', scrollToTop);
  window.addEventListener('load', schedule);
  schedule();
}

// "Back to the course" when the platform gave a return URL (LTI 1.3 launch presentation claim, return_url), and,
// inside a frame, "Open in a new window": a fixed-height frame (Moodle's) cannot grow with the page, and the page on
// its own has a single scroll bar. The page's URL carries the launch token, so the new window opens the same lesson.
const links = document.getElementById('top-links');
if (links && main) {
  const back = main.dataset.returnUrl;
  if (back) links.append(el('a', { href: back, id: 'back-to-course', target: framed ? '_top' : null }, t('frame.backToCourse')));
  if (framed) {
    links.append(el('a', { href: window.location.href, id: 'open-new-window', target: '_blank', rel: 'noopener' },
      t('frame.newWindow'), el('span', { class: 'visually-hidden' }, ' ', t('frame.newWindowHint'))));
  }
}

// Each lesson figure's description (its SVG <desc>) as text under it: the figure in words, for a small screen.
for (const desc of document.querySelectorAll('.lesson-figure svg desc')) {
  desc.closest('.lesson-figure').append(el('details', { class: 'figure-words' },
    el('summary', {}, t('frame.figureWords')), el('p', {}, desc.textContent)));
}
