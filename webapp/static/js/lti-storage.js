// LTI platform storage (lti-pm-s 0.1; docs/lti.md §9): proves, without cookies, that the browser finishing a
// launch is the one that started the login. Login: put the state (and nonce) into the platform's storage, then go
// to the platform's authorization endpoint. Launch: read the state back; only a match trades the one-time code
// for the launch token. Messages go to, and are only accepted from, the platform's origin.

const el = document.getElementById('lti-storage');
const { mode, state, nonce, target, origin } = el.dataset;
const TIMEOUT_MS = 2000;

function storageFrame() {
  if (window.parent === window || !origin) {
    return null;
  }
  if (target === '_parent') {
    return window.parent;
  }
  try {
    return window.parent.frames[target] || null;
  } catch (e) {
    return null;
  }
}

function ask(frame, message) {
  const messageId = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { window.removeEventListener('message', onMessage); reject(new Error('timeout')); }, TIMEOUT_MS);
    function onMessage(event) {
      const data = event.data;
      if (event.origin !== origin || !data || data.message_id !== messageId
          || data.subject !== message.subject + '.response') {
        return;
      }
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      if (data.error) {
        reject(new Error(data.error.code || 'error'));
      } else {
        resolve(data);
      }
    }
    window.addEventListener('message', onMessage);
    frame.postMessage({ ...message, message_id: messageId }, origin);
  });
}

async function login() {
  const frame = storageFrame();
  if (frame) {
    try {
      await Promise.all([
        ask(frame, { subject: 'lti.put_data', key: 'state_' + state, value: state }),
        ask(frame, { subject: 'lti.put_data', key: 'nonce_' + nonce, value: nonce }),
      ]);
    } catch (e) {
      // No storage after all: the cookie set with this page may still carry the state.
    }
  }
  window.location.replace(el.dataset.next);
}

async function launch() {
  const frame = storageFrame();
  try {
    if (!frame) {
      throw new Error('no platform window');
    }
    const reply = await ask(frame, { subject: 'lti.get_data', key: 'state_' + state });
    if (reply.value !== state) {
      throw new Error('state mismatch');
    }
    document.getElementById('lti-storage-confirm').submit();
  } catch (e) {
    el.hidden = true;
    const failed = document.getElementById('lti-storage-failed');
    failed.hidden = false;
    failed.querySelector('h1').setAttribute('tabindex', '-1');
    failed.querySelector('h1').focus();
  }
}

if (mode === 'login') {
  login();
} else {
  launch();
}
