// The course page's side of the LTI client-side postMessages (lti-cs-pm): like Canvas, it resizes the tool's
// iframe on {subject: "lti.frameResize", height}, scrolls to the top of the iframe on lti.scrollToTop, and answers
// lti.capabilities with what it supports. Messages are accepted only from the framed tool's window and origin; the
// subjects received are listed, in order, in the frame's data-received attribute (for tests).
const frame = document.getElementById("tool-frame");
const toolOrigin = frame ? frame.dataset.toolOrigin : null;
const MIN_HEIGHT = 200;
const MAX_HEIGHT = 20000;

function parse(data) {
  if (typeof data === "string") {
    try {
      return JSON.parse(data);
    } catch {
      return null;
    }
  }
  return data && typeof data === "object" ? data : null;
}

function heightOf(value) {
  const px = typeof value === "number" ? value : Number.parseFloat(String(value));
  if (!Number.isFinite(px)) {
    return null;
  }
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(px)));
}

function reply(event, message) {
  event.source.postMessage(message, event.origin);
}

if (frame) {
  window.addEventListener("message", (event) => {
    const fromTool = event.source === frame.contentWindow
      && (event.origin === toolOrigin || event.origin === window.location.origin);
    if (!fromTool) {
      return;
    }
    const message = parse(event.data);
    if (!message || typeof message.subject !== "string") {
      return;
    }
    frame.dataset.received = (frame.dataset.received ? frame.dataset.received + " " : "") + message.subject;
    switch (message.subject) {
      case "lti.frameResize": {
        const height = heightOf(message.height);
        if (height !== null) {
          frame.style.height = `${height}px`;
        }
        break;
      }
      case "lti.scrollToTop":
        window.scrollTo({ top: frame.getBoundingClientRect().top + window.scrollY });
        break;
      case "lti.capabilities":
        reply(event, {
          subject: "lti.capabilities.response",
          message_id: message.message_id,
          supported_messages: [{ subject: "lti.capabilities" }, { subject: "lti.frameResize" },
            { subject: "lti.scrollToTop" }],
        });
        break;
      default:
        if (message.message_id !== undefined && !message.subject.endsWith(".response")) {
          reply(event, {
            subject: `${message.subject}.response`,
            message_id: message.message_id,
            error: { code: "unsupported_subject", message: `The dev LMS does not support ${message.subject}.` },
          });
        }
    }
  });
}
