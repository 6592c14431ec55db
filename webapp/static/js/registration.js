// LTI Dynamic Registration 1.0 §3.7: tell the LMS the registration is finished, so it can close its dialog.
// An active registration says so at once. A pending one waits for the admin to press the button: the LMS closes
// this page as soon as it hears "close", and a pending registration must not go by unread.
const target = window.opener || (window.parent !== window ? window.parent : null);
const button = document.getElementById('close-registration');
const status = document.getElementById('close-status');
const done = document.querySelector('[data-registration="done"]');

function close() {
  if (!target) {
    status.textContent = 'Registration finished. You can close this window.';
    return;
  }
  target.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
  status.textContent = 'Registration finished. Returning to your LMS…';
}

if (button) {
  button.addEventListener('click', close);
}
if (done && done.dataset.pending !== 'true') {
  close();
} else if (done && button) {
  button.focus();
}

// The dev LMS (dev mode only): open the tool's registration URL in a window and reload when it says "close".
const devRegister = document.getElementById('dev-register');
if (devRegister) {
  const devStatus = document.getElementById('dev-register-status');
  devRegister.addEventListener('click', (event) => {
    event.preventDefault();
    window.open(devRegister.dataset.registrationUrl, 'lti-registration', 'width=720,height=640');
    devStatus.textContent = 'Registration window open…';
  });
  window.addEventListener('message', (event) => {
    if (event.data && event.data.subject === 'org.imsglobal.lti.close') {
      devStatus.textContent = 'The tool finished its registration.';
      window.location.reload();
    }
  });
}

// The dev LMS's launch form posts itself to the tool, like a real platform's auto-submitting form.
const autosubmit = document.querySelector('form[data-autosubmit]');
if (autosubmit) {
  autosubmit.submit();
}
