// The pronoun-attention exercise. The server holds the key and scores; this module only shows what it returns.
import { api, el, svg, t, percent, layoutChanged } from './api.js';
import { wordListbox } from './listbox.js';

const root = document.getElementById('exercise-app');
const live = document.getElementById('exercise-live');
const rulesLine = document.getElementById('exercise-attempts-rule');
const printArea = document.getElementById('exercise-print');
const BASE = '/api/exercise/attempts';
const RULES = '/api/exercise/rules';
const GRADE_STATUS = '/api/grade-status';
const POLL_SENDING_MS = 2000;
const POLL_DELAYED_MS = 5000;
const POLL_FOR_MS = 120000;

const state = { attempt: null, viewing: null, fresh: false, step: 1, antecedent: null, cue: null, confirming: false, rules: null };
// Where the submitted score stands on its way to the gradebook ({state, message} from the server), and the poll.
const grade = { status: null, timer: null, until: 0, run: 0 };

const fmtPoints = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const currentIndex = () => state.attempt.items.findIndex((i) => !i.committed);

function announce(text) {
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

// What the exercise shows ('item:<attempt>:<index>' or 'results:<attempt>'): moving to another one is a new step.
let shownStep = null;

function render(node, focusSelector, step) {
  root.replaceChildren(node);
  renderPrint();
  const target = focusSelector ? root.querySelector(focusSelector) : null;
  if (target) target.focus();
  layoutChanged();
  if (step !== undefined) {
    const moved = shownStep !== null && step !== shownStep;
    shownStep = step;
    // frame.js asks the LMS page to scroll to the tool when the new step is out of view (lti.scrollToTop).
    if (moved && step) document.dispatchEvent(new CustomEvent('lesson:step', { detail: { element: target || node } }));
  }
}

function fail(err) {
  const message = el('p', { class: 'error', role: 'alert' }, t('exercise.error', err.message));
  root.append(message);
  layoutChanged();
}

/** The activity's settings ({attemptLimit, policy, attemptsStarted, newAttemptAllowed}) and the rules line. */
function setRules(rules) {
  if (!rules) return;
  state.rules = rules;
  if (!rulesLine) return;
  const counts = t('exercise.rulesCounts.' + rules.policy);
  const n = rules.attemptLimit;
  rulesLine.textContent = n == null ? t('exercise.rulesUnlimited', counts)
    : n === 1 ? t('exercise.rulesOne', counts) : t('exercise.rulesLimited', n, counts);
  rulesLine.hidden = false;
}

function setAttempt(attempt) {
  state.attempt = attempt;
  if (attempt) setRules(attempt.rules);
}

async function load() {
  const rules = api('GET', RULES).then(setRules, () => {});
  try {
    // Before the first attempt the answer is {status: "none"}: an empty result, not an error.
    const latest = await api('GET', BASE + '/latest');
    setAttempt(latest && latest.attemptId != null ? latest : null);
  } catch (err) {
    return fail(err);
  }
  await rules;
  show();
  if (state.attempt && state.attempt.status === 'submitted') watchGrade(false);
}

function show(focusSelector) {
  const a = state.attempt;
  if (!a) return render(intro(), focusSelector, '');
  if (state.viewing != null) return render(itemScreen(a.items[state.viewing]), focusSelector, `item:${a.attemptId}:${state.viewing}`);
  const i = currentIndex();
  if (i < 0) return render(results(), focusSelector, `results:${a.attemptId}`);
  return render(itemScreen(a.items[i]), focusSelector, `item:${a.attemptId}:${i}`);
}

function intro() {
  return el('div', { class: 'stack' },
    el('button', { type: 'button', class: 'primary', onclick: start }, t('exercise.start')));
}

async function start() {
  stopWatchingGrade();
  try {
    setAttempt(await api('POST', BASE));
    state.viewing = null;
    resetSteps();
    show('.step-heading');
  } catch (err) {
    if (err.code === 'ATTEMPT_LIMIT_REACHED') await api('GET', RULES).then(setRules, () => {});
    fail(err);
  }
}

function resetSteps() {
  state.step = 1; state.antecedent = null; state.cue = null; state.confirming = false;
}

function itemsNav() {
  const a = state.attempt;
  const cur = currentIndex();
  const list = el('ol', { class: 'item-nav' });
  a.items.forEach((item, i) => {
    const active = state.viewing === i || (state.viewing == null && cur === i);
    if (item.committed) {
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'nav-item done', 'aria-current': active ? 'step' : null,
        'aria-label': t('exercise.itemDone', i + 1, fmtPoints(item.reveal.points)),
        onclick: () => { state.viewing = i; state.fresh = false; show('.reveal-heading'); },
      }, String(i + 1), el('span', { 'aria-hidden': 'true', class: 'tick' }, '✓'))));
    } else {
      list.append(el('li', {}, el('span', {
        class: 'nav-item' + (active ? ' current' : ''), 'aria-current': active ? 'step' : null,
      }, el('span', { class: 'visually-hidden' }, t('exercise.itemTodo', '')), String(i + 1))));
    }
  });
  return el('nav', { 'aria-label': t('exercise.itemsNav') }, list);
}

function attemptLabel(a) {
  const n = a.rules && a.rules.attemptLimit;
  return n == null ? t('exercise.attempt', a.number) : t('exercise.attemptOf', a.number, n);
}

/** "Start a new attempt", or why there is none: every allowed attempt is used. */
function newAttemptArea() {
  const r = state.attempt.rules || state.rules || {};
  if (r.newAttemptAllowed === false) {
    const n = r.attemptLimit;
    return [el('p', { class: 'attempts-used' }, n === 1 ? t('exercise.attemptsUsedOne') : t('exercise.attemptsUsed', n))];
  }
  const left = r.attemptLimit == null ? null : t('exercise.attemptsLeft', r.attemptLimit - r.attemptsStarted, r.attemptLimit);
  return [
    el('p', { class: 'hint' }, t('exercise.newAttemptNote'), left ? ' ' + left : null),
    el('button', { type: 'button', class: 'new-attempt', onclick: start }, t('exercise.newAttempt'))];
}

function itemScreen(item) {
  const a = state.attempt;
  const box = el('div', { class: 'item' },
    el('p', { class: 'item-meta' }, attemptLabel(a), ' · ', t('exercise.itemOf', item.position, a.itemCount)),
    itemsNav());
  if (item.committed) {
    box.append(reveal(item));
    const last = currentIndex() < 0;
    if (state.fresh) {
      box.append(el('button', {
        type: 'button', class: 'primary next-item',
        onclick: () => { state.viewing = null; state.fresh = false; resetSteps(); show(last ? '.results-heading' : '.step-heading'); },
      }, last ? t('exercise.toResults') : t('exercise.nextItem')));
    } else {
      box.append(el('button', {
        type: 'button', class: 'primary back-to-current',
        onclick: () => { state.viewing = null; show(last ? '.results-heading' : '.step-heading'); },
      }, last ? t('exercise.toResults') : t('exercise.backToCurrent')));
    }
    return box;
  }
  box.append(steps(item));
  return box;
}

function steps(item) {
  const word = (i) => item.tokens[i];
  const pronounWord = word(item.pronoun);
  const wrap = el('div', { class: 'steps' });
  const hintId = 'hint-' + item.id;
  if (state.step === 1 || state.step === 2) {
    const headingId = 'step-' + item.id + '-' + state.step;
    const prompt = state.step === 1 ? t('exercise.step1', pronounWord) : t('exercise.step2');
    const problem = el('p', { class: 'inline-problem', role: 'alert' });
    const marks = state.step === 2 && state.antecedent != null ? { [state.antecedent]: t('exercise.yourPick') } : {};
    wrap.append(
      el('h4', { class: 'step-heading', id: headingId, tabindex: '-1' }, prompt),
      el('p', { class: 'hint', id: hintId }, t('exercise.listHint')),
      wordListbox({
        tokens: item.tokens, pronoun: item.pronoun, labelledBy: headingId, describedBy: hintId, marks,
        selected: state.step === 1 ? state.antecedent : state.cue,
        onSelect: (i) => { if (state.step === 1) state.antecedent = i; else state.cue = i; problem.textContent = ''; },
      }),
      problem,
      el('button', {
        type: 'button', class: 'primary',
        onclick: () => {
          const chosen = state.step === 1 ? state.antecedent : state.cue;
          if (chosen == null) { problem.textContent = t('exercise.pickFirst'); return; }
          state.step = state.step === 1 && state.cue == null ? 2 : 3;
          show('.step-heading');
        },
      }, t('exercise.next')));
    return wrap;
  }
  wrap.append(
    el('h4', { class: 'step-heading', tabindex: '-1' }, t('exercise.step3')),
    el('p', { class: 'review-line' }, t('exercise.review', pronounWord, word(state.antecedent), word(state.cue))),
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => { state.step = 1; show('.step-heading'); } }, t('exercise.changeAntecedent')),
      el('button', { type: 'button', onclick: () => { state.step = 2; show('.step-heading'); } }, t('exercise.changeCue'))),
    el('p', { class: 'hint' }, t('exercise.commitNote')),
    el('button', { type: 'button', class: 'primary commit', onclick: (e) => commit(item, e.currentTarget) }, t('exercise.commit')));
  return wrap;
}

async function commit(item, button) {
  button.disabled = true;
  try {
    const a = state.attempt;
    const committed = await api('PUT', `${BASE}/${a.attemptId}/items/${encodeURIComponent(item.id)}`,
      { antecedent: state.antecedent, cue: state.cue });
    setAttempt(await api('GET', `${BASE}/${a.attemptId}`));
    state.viewing = state.attempt.items.findIndex((i) => i.id === committed.id);
    state.fresh = true;
    resetSteps();
    show('.reveal-heading');
    announce(verdictLines(committed).join(' '));
  } catch (err) {
    button.disabled = false;
    fail(err);
  }
}

function verdictLines(item) {
  const r = item.reveal;
  const p = item.tokens[item.pronoun];
  const cueWords = r.cue.map((i) => item.tokens[i]).join(' ');
  return [
    t('exercise.verdictHeading', item.position, fmtPoints(r.points), fmtPoints(r.maxPoints)),
    r.antecedentCorrect ? t('exercise.antecedentRight', p, r.answerLabel)
      : t('exercise.antecedentWrong', p, r.answerLabel, item.tokens[r.chosenAntecedent]),
    r.cueCorrect ? t('exercise.cueRight', cueWords) : t('exercise.cueWrong', cueWords, item.tokens[r.chosenCue]),
  ];
}

function marksFor(item, i) {
  const r = item.reveal;
  const marks = [];
  if (i === item.pronoun) marks.push(['pronoun', t('exercise.badgePronoun')]);
  if (r.accepted.includes(i)) marks.push(['answer', t('exercise.badgeAnswer')]);
  if (r.cue.includes(i)) marks.push(['cue', t('exercise.badgeCue')]);
  if (r.chosenAntecedent === i) marks.push(['mine', t('exercise.badgeYours')]);
  if (r.chosenCue === i) marks.push(['mine', t('exercise.badgeYourCue')]);
  return marks;
}

function reveal(item) {
  const r = item.reveal;
  const p = item.tokens[item.pronoun];
  const [heading, aLine, cLine] = verdictLines(item);
  const strongest = r.weights.indexOf(Math.max(...r.weights));
  const cueWords = r.cue.map((i) => item.tokens[i]).join(' ');
  const cueWeight = r.cue.reduce((s, i) => s + r.weights[i], 0);
  const summary = t('exercise.summary', p, percent(r.weights[strongest]), item.tokens[strongest], cueWords, percent(cueWeight));

  const section = el('section', { class: 'reveal', 'aria-labelledby': 'reveal-' + item.id },
    el('h4', { class: 'reveal-heading', id: 'reveal-' + item.id, tabindex: '-1' }, heading),
    el('ul', { class: 'verdict' },
      el('li', { class: r.antecedentCorrect ? 'right' : 'wrong' }, aLine),
      el('li', { class: r.cueCorrect ? 'right' : 'wrong' }, cLine)),
    el('p', { class: 'explanation' }, r.explanation));
  for (const [cand, text] of Object.entries(r.whyNot || {})) {
    const label = (r.candidates.find((c) => c.id === cand) || { label: cand }).label;
    section.append(el('p', { class: 'why-not' }, el('strong', {}, t('exercise.whyNot', label)), ' ', text));
  }
  section.append(
    el('h5', {}, t('exercise.revealHeading', p)),
    el('p', { class: 'note' }, t('exercise.illustrative')),
    attentionFigure(item, summary),
    weightsTable(item),
    twin(item));
  return section;
}

function attentionFigure(item, summary) {
  const r = item.reveal;
  const n = item.tokens.length;
  const row = 32;
  const h = n * row;
  const lines = svg('svg', {
    viewBox: `0 0 80 ${h}`, preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false', class: 'attn-lines',
  });
  const y0 = (item.pronoun + 0.5) * row;
  r.weights.forEach((w, i) => {
    const cls = r.accepted.includes(i) ? 'line answer' : r.cue.includes(i) ? 'line cue' : 'line';
    lines.append(svg('line', {
      x1: 4, y1: y0, x2: 76, y2: (i + 0.5) * row, 'stroke-width': (1 + w * 16).toFixed(2),
      'vector-effect': 'non-scaling-stroke', class: cls,
    }));
  });
  lines.append(svg('circle', { cx: 4, cy: y0, r: 4, class: 'origin' }));
  const list = el('ol', { class: 'attn-rows' });
  item.tokens.forEach((word, i) => {
    const li = el('li', {}, el('span', { class: 'w' + (i === item.pronoun ? ' is-pronoun' : '') }, word),
      el('span', { class: 'pct' }, percent(r.weights[i])));
    for (const [kind, label] of marksFor(item, i)) {
      if (kind !== 'pronoun') li.append(el('span', { class: 'badge badge-' + kind }, label));
    }
    list.append(li);
  });
  return el('figure', { class: 'attn' },
    el('div', { class: 'attn-graph', role: 'img', 'aria-label': t('exercise.figureLabel', item.tokens[item.pronoun]) }, lines, list),
    el('figcaption', {}, summary));
}

function weightsTable(item) {
  const r = item.reveal;
  const body = el('tbody');
  item.tokens.forEach((word, i) => {
    body.append(el('tr', {}, el('th', { scope: 'row' }, word), el('td', { class: 'num' }, percent(r.weights[i])),
      el('td', {}, marksFor(item, i).map(([, label]) => label).join(', '))));
  });
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('exercise.tableCaption', item.tokens[item.pronoun]) }, el('table', { class: 'weights' },
    el('caption', {}, t('exercise.tableCaption', item.tokens[item.pronoun])),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('exercise.colWord')),
      el('th', { scope: 'col' }, t('exercise.colWeight')), el('th', { scope: 'col' }, t('exercise.colMarks')))),
    body));
}

function twin(item) {
  const r = item.reveal;
  const box = el('aside', { class: 'twin', 'aria-label': t('exercise.twinHeading') }, el('h5', {}, t('exercise.twinHeading')));
  if (!r.twin) {
    box.append(el('p', {}, t('exercise.twinPending')));
    return box;
  }
  const tw = r.twin;
  const sentence = el('p', { class: 'twin-sentence' });
  tw.tokens.forEach((word, i) => {
    if (i > 0) sentence.append(' ');
    sentence.append(tw.cue.includes(i) ? el('strong', {}, word) : word);
  });
  const mine = r.cue.map((i) => item.tokens[i]).join(' ');
  const theirs = tw.cue.map((i) => tw.tokens[i]).join(' ');
  box.append(sentence, el('p', {}, t('exercise.twinMoved', mine, theirs, item.tokens[tw.ownStrongest], tw.tokens[tw.strongest])));
  return box;
}

/**
 * What print shows instead of the current screen (print stylesheet): every committed item of the attempt with the
 * answer, the correct answer and the weights as a table, and the total once all are committed.
 */
function renderPrint() {
  if (!printArea) return;
  const a = state.attempt;
  const done = a ? a.items.filter((i) => i.committed) : [];
  if (!done.length) { printArea.replaceChildren(); return; }
  const box = el('div', {}, el('h4', {}, attemptLabel(a), ' · ', t('exercise.printHeading', done.length, a.itemCount)));
  for (const item of done) {
    const r = item.reveal;
    const cue = r.cue.map((c) => item.tokens[c]).join(' ');
    box.append(el('section', { class: 'print-item' },
      el('h5', {}, t('exercise.verdictHeading', item.position, fmtPoints(r.points), fmtPoints(r.maxPoints))),
      el('p', {}, item.tokens.join(' ')),
      el('p', {}, t('exercise.printAnswer', item.tokens[r.chosenAntecedent], item.tokens[r.chosenCue], r.answerLabel, cue)),
      el('p', {}, r.explanation),
      weightsTable(item)));
  }
  if (done.length === a.itemCount) {
    box.append(el('p', { class: 'total' }, t('exercise.total', fmtPoints(a.points), fmtPoints(a.maxPoints),
      Math.round((a.points / a.maxPoints) * 100))));
  }
  printArea.replaceChildren(box);
}

function results() {
  const a = state.attempt;
  const pct = Math.round((a.points / a.maxPoints) * 100);
  const body = el('tbody');
  a.items.forEach((item, i) => {
    const r = item.reveal;
    body.append(el('tr', {},
      el('th', { scope: 'row' }, String(i + 1)),
      el('td', {}, item.tokens.join(' ')),
      el('td', {}, `${item.tokens[r.chosenAntecedent]} / ${item.tokens[r.chosenCue]}`),
      el('td', {}, `${r.answerLabel} / ${r.cue.map((c) => item.tokens[c]).join(' ')}`),
      el('td', { class: 'num' }, `${fmtPoints(r.points)} ${r.antecedentCorrect && r.cueCorrect ? '✓' : ''}`)));
  });
  const box = el('div', { class: 'results' },
    el('h4', { class: 'results-heading', tabindex: '-1' }, t('exercise.resultsHeading'), ' · ', attemptLabel(a)),
    itemsNav(),
    el('p', { class: 'total' }, t('exercise.total', fmtPoints(a.points), fmtPoints(a.maxPoints), pct)),
    el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('exercise.resultsHeading') }, el('table', { class: 'review' },
      el('thead', {}, el('tr', {}, ...['colItem', 'colSentence', 'colYours', 'colCorrect', 'colPoints']
        .map((k) => el('th', { scope: 'col' }, t('exercise.' + k))))),
      body)));
  const status = el('div', { class: 'submit-area' });
  if (a.status === 'submitted') {
    const grade = Math.round(a.grade * 100);
    status.append(el('p', { class: 'submitted', tabindex: '-1' },
      a.gradeRecorded ? t('exercise.submitted', grade, a.number) : t('exercise.submittedAnonymous', grade)),
    gradeStatusLine(),
    ...newAttemptArea());
  } else if (state.confirming) {
    status.append(el('p', { class: 'confirm', tabindex: '-1' }, t('exercise.submitConfirm', pct)),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary submit-yes', onclick: (e) => submit(e.currentTarget) }, t('exercise.submitYes')),
        el('button', { type: 'button', onclick: () => { state.confirming = false; show('.submit'); } }, t('exercise.submitNo'))));
  } else {
    status.append(el('button', { type: 'button', class: 'primary submit', onclick: () => { state.confirming = true; show('.confirm'); } }, t('exercise.submit')));
  }
  box.append(status);
  return box;
}

async function submit(button) {
  button.disabled = true;
  try {
    setAttempt(await api('POST', `${BASE}/${state.attempt.attemptId}/submit`));
    state.confirming = false;
    grade.status = null;
    show('.submitted');
    const pct = Math.round(state.attempt.grade * 100);
    const done = state.attempt.gradeRecorded ? t('exercise.submitted', pct, state.attempt.number) : t('exercise.submittedAnonymous', pct);
    // One announcement for the submit and where the score stands; later changes are announced on their own.
    await refreshGrade(false);
    announce(grade.status ? done + ' ' + grade.status.message : done);
    watchGrade(true);
  } catch (err) {
    button.disabled = false;
    fail(err);
  }
}

// --- The score's way to the gradebook (GET /api/grade-status): shown under the result, polled while it moves ---

function gradeStatusLine() {
  const s = grade.status;
  return el('p', { class: 'grade-status', id: 'grade-status', 'data-state': s ? s.state : 'checking' },
    s ? s.message : t('exercise.gradeChecking'));
}

function showGradeStatus() {
  const line = document.getElementById('grade-status');
  if (line) line.replaceWith(gradeStatusLine());
  layoutChanged();
}

/** Fetches the status; shows it, and announces it when it changed and {@code announceChange} is set. */
async function refreshGrade(announceChange) {
  let next;
  try {
    next = await api('GET', GRADE_STATUS);
  } catch (err) {
    next = grade.status || { state: 'unknown', message: t('exercise.gradeUnknown') };
  }
  const changed = !grade.status || grade.status.state !== next.state;
  grade.status = next;
  showGradeStatus();
  if (changed && announceChange) announce(next.message);
}

function stopWatchingGrade() {
  grade.run += 1; // a poll already in flight sees this and stops
  clearTimeout(grade.timer);
  grade.timer = null;
}

/**
 * Polls while the score is on its way: every 2 s while sending, more slowly while delayed (the worker is backing
 * off), for about two minutes; the last state stays on screen after that.
 */
function watchGrade(alreadyFetched) {
  stopWatchingGrade();
  const run = grade.run;
  grade.until = Date.now() + POLL_FOR_MS;
  const tick = async (first) => {
    if (!(first && alreadyFetched)) await refreshGrade(!first);
    if (run !== grade.run) return;
    const s = grade.status && grade.status.state;
    if ((s !== 'sending' && s !== 'delayed') || Date.now() >= grade.until) { grade.timer = null; return; }
    grade.timer = setTimeout(() => tick(false), s === 'sending' ? POLL_SENDING_MS : POLL_DELAYED_MS);
  };
  tick(true);
}

if (root) load();
