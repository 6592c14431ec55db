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
/** The sentence as written: each word with the punctuation the server sends apart from it. */
const sentenceOf = (item) => item.tokens.map((w, i) => (item.before ? item.before[i] : '') + w + (item.after ? item.after[i] : '')).join(' ');
/** A cue of one or more words: adjacent words read as one phrase, others are joined with "and". */
function cueText(tokens, cue) {
  const sorted = [...cue].sort((x, y) => x - y);
  const parts = [];
  sorted.forEach((i, k) => {
    if (k > 0 && i === sorted[k - 1] + 1) parts[parts.length - 1] += ' ' + tokens[i];
    else parts.push(tokens[i]);
  });
  return parts.join(t('exercise.cueJoin'));
}
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
  resumeBanner();
  if (state.attempt && state.attempt.status === 'submitted') watchGrade(false);
}

/** After a reload or a second launch with an attempt under way: a banner at the top that goes straight back to it. */
function resumeBanner() {
  const banner = document.getElementById('resume-banner');
  const a = state.attempt;
  if (!banner || !a || a.status !== 'open' || a.committedCount === 0) return;
  const text = t('exercise.resume', a.committedCount, a.itemCount);
  banner.replaceChildren(el('p', {}, text, ' ', el('a', {
    href: '#exercise-heading', class: 'resume-link',
    onclick: (e) => {
      e.preventDefault();
      banner.hidden = true;
      const heading = root.querySelector('.step-heading, .reveal-heading, .results-heading');
      if (heading) { heading.scrollIntoView({ block: 'start' }); heading.focus(); }
      layoutChanged();
    },
  }, t('exercise.resumeLink'))));
  banner.hidden = false;
  layoutChanged();
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
      const chip = chipFor(item.reveal);
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'nav-item done ' + chip.cls, 'aria-current': active ? 'step' : null,
        'aria-label': t('exercise.itemDone', i + 1, chip.words, fmtPoints(item.reveal.points)),
        onclick: () => { state.viewing = i; state.fresh = false; show('.reveal-heading'); },
      }, String(i + 1), el('span', { 'aria-hidden': 'true', class: 'chip-state' }, chip.short))));
    } else {
      list.append(el('li', {}, el('span', {
        class: 'nav-item' + (active ? ' current' : ''), 'aria-current': active ? 'step' : null,
      }, el('span', { class: 'visually-hidden' }, t('exercise.itemTodo', '')), String(i + 1))));
    }
  });
  return el('nav', { 'aria-label': t('exercise.itemsNav') }, list);
}

/** What a committed item's chip says, in words and a symbol: the answer right or not, the cue found or not. */
function chipFor(r) {
  const key = r.antecedentCorrect ? (r.cueCorrect ? 'both' : 'answer') : (r.cueCorrect ? 'cue' : 'none');
  return { cls: 'chip-' + key, short: t('exercise.chip.' + key), words: t('exercise.chipWords.' + key) };
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
  const hintId = 'hint-' + item.position;
  if (state.step === 1 || state.step === 2) {
    const headingId = 'step-' + item.position + '-' + state.step;
    const prompt = state.step === 1 ? t('exercise.step1', pronounWord) : t('exercise.step2');
    const problem = el('p', { class: 'inline-problem', role: 'alert' });
    const marks = state.step === 2 && state.antecedent != null ? { [state.antecedent]: t('exercise.yourPick') } : {};
    wrap.append(
      el('h4', { class: 'step-heading', id: headingId, tabindex: '-1' }, prompt),
      el('p', { class: 'sentence' }, sentenceOf(item)),
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
  const cueWords = cueText(item.tokens, r.cue);
  return [
    t('exercise.verdictHeading', item.position, fmtPoints(r.points), fmtPoints(r.maxPoints)),
    r.antecedentCorrect ? t('exercise.antecedentRight', p, r.answerLabel)
      : t('exercise.antecedentWrong', p, r.answerLabel, item.tokens[r.chosenAntecedent]),
    r.cueCorrect ? t('exercise.cueRight', cueWords) : t('exercise.cueWrong', cueWords, item.tokens[r.chosenCue]),
  ];
}

const inSpan = (c, i) => i >= c.spanStart && i <= c.spanEnd;

/**
 * Why the chosen word is not the answer, grouped by the kind of mistake: the other candidate (its own "why not"),
 * a word of the right phrase that is not its noun, the deciding word itself, or a word that is neither candidate.
 */
function antecedentFeedback(item) {
  const r = item.reveal;
  if (r.antecedentCorrect) return null;
  const i = r.chosenAntecedent;
  const p = item.tokens[item.pronoun];
  const chosen = item.tokens[i];
  const answer = r.candidates.find((c) => r.accepted.includes(c.head)) || r.candidates[0];
  const other = r.candidates.find((c) => c !== answer);
  if (other && inSpan(other, i)) return (r.whyNot && r.whyNot[other.id]) || t('exercise.fb.otherCandidate', other.label, p);
  if (inSpan(answer, i)) return t('exercise.fb.partOfAnswer', chosen, answer.label, item.tokens[answer.head]);
  if (r.cue.includes(i)) return t('exercise.fb.cueAsAntecedent', chosen, p);
  return t('exercise.fb.notACandidate', chosen, p, r.candidates.map((c) => c.label).join(t('exercise.or')));
}

/** Why the chosen deciding word is not the cue: it is one of the candidates, or it is the same in both twins. */
function cueFeedback(item) {
  const r = item.reveal;
  if (r.cueCorrect) return null;
  const chosen = item.tokens[r.chosenCue];
  const cue = cueText(item.tokens, r.cue);
  if (r.candidates.some((c) => inSpan(c, r.chosenCue))) return t('exercise.fb.candidateAsCue', chosen, cue);
  return t('exercise.fb.cueOther', chosen, cue);
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
  const section = el('section', { class: 'reveal', 'aria-labelledby': 'reveal-' + item.position },
    el('h4', { class: 'reveal-heading', id: 'reveal-' + item.position, tabindex: '-1' }, heading),
    el('p', { class: 'verdict' },
      el('span', { class: r.antecedentCorrect ? 'right' : 'wrong' }, aLine), ' ',
      el('span', { class: r.cueCorrect ? 'right' : 'wrong' }, cLine)));
  const feedback = [antecedentFeedback(item), cueFeedback(item)].filter(Boolean);
  if (feedback.length) section.append(el('p', { class: 'feedback' }, feedback.join(' ')));
  section.append(
    el('p', { class: 'explanation' }, r.explanation),
    barChart(item),
    el('details', { class: 'weights-details' },
      el('summary', {}, t('exercise.tableToggle', p)),
      weightsTable(item)),
    twin(item));
  return section;
}

/**
 * The compact reveal: a bar per word that matters (both candidates, the cue, the student's picks, the strongest
 * links) with its share of attention, and the other words together in one row. Every word is in the table below.
 */
function barChart(item) {
  const r = item.reveal;
  const p = item.tokens[item.pronoun];
  const keep = new Set([...r.accepted, ...r.cue, r.chosenAntecedent, r.chosenCue, ...r.candidates.map((c) => c.head)]);
  [...r.weights.keys()].sort((x, y) => r.weights[y] - r.weights[x]).slice(0, 3).forEach((i) => keep.add(i));
  keep.delete(item.pronoun);
  const shown = [...keep].sort((x, y) => x - y);
  const max = Math.max(...r.weights);
  const rows = el('ul', { class: 'bars' });
  const bar = (w, cls) => svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'bar', 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { x: 0, y: 0, height: 10, width: Math.max(1, (w / max) * 100).toFixed(1), class: cls }));
  for (const i of shown) {
    const kind = r.accepted.includes(i) ? 'answer' : r.cue.includes(i) ? 'cue' : 'plain';
    const li = el('li', {}, el('span', { class: 'w' }, item.tokens[i]), bar(r.weights[i], 'fill-' + kind),
      el('span', { class: 'pct' }, percent(r.weights[i])));
    const marks = marksFor(item, i).filter(([k]) => k !== 'pronoun');
    if (marks.length) li.append(el('span', { class: 'marks' }, ...marks.map(([k, label]) => el('span', { class: 'badge badge-' + k }, label))));
    rows.append(li);
  }
  const rest = r.weights.reduce((sum, w, i) => (keep.has(i) ? sum : sum + w), 0);
  const restCount = r.weights.length - shown.length;
  if (restCount > 0) {
    rows.append(el('li', { class: 'rest' }, el('span', { class: 'w' }, t('exercise.otherWords', restCount)),
      bar(rest, 'fill-plain'), el('span', { class: 'pct' }, percent(rest))));
  }
  const strongest = r.weights.indexOf(max);
  const cueWeight = r.cue.reduce((sum, i) => sum + r.weights[i], 0);
  return el('figure', { class: 'attn' },
    el('figcaption', {}, t('exercise.revealHeading', p), ' ', el('span', { class: 'note' }, t('exercise.illustrative'))),
    rows,
    el('p', { class: 'summary' }, t('exercise.summary', p, percent(max), item.tokens[strongest], cueText(item.tokens, r.cue), percent(cueWeight))));
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
    const shownWord = word + (tw.after ? tw.after[i] : '');
    sentence.append(tw.cue.includes(i) ? el('strong', {}, shownWord) : shownWord);
  });
  const mine = cueText(item.tokens, r.cue);
  const theirs = cueText(tw.tokens, tw.cue);
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
    const cue = cueText(item.tokens, r.cue);
    box.append(el('section', { class: 'print-item' },
      el('h5', {}, t('exercise.verdictHeading', item.position, fmtPoints(r.points), fmtPoints(r.maxPoints))),
      el('p', {}, sentenceOf(item)),
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
      el('td', {}, sentenceOf(item)),
      el('td', {}, `${item.tokens[r.chosenAntecedent]} / ${item.tokens[r.chosenCue]}`),
      el('td', {}, `${r.answerLabel} / ${cueText(item.tokens, r.cue)}`),
      el('td', { class: 'num' }, fmtPoints(r.points), ' ', el('span', { class: 'chip-words' }, chipFor(r).words))));
  });
  const box = el('div', { class: 'results' },
    el('h4', { class: 'results-heading', tabindex: '-1' }, t('exercise.resultsHeading'), ' · ', attemptLabel(a)),
    itemsNav(),
    el('p', { class: 'total' }, t('exercise.total', fmtPoints(a.points), fmtPoints(a.maxPoints), pct)),
    summary(a, pct),
    el('details', { class: 'results-details' }, el('summary', {}, t('exercise.resultsTable')),
      el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('exercise.resultsHeading') }, el('table', { class: 'review' },
        el('thead', {}, el('tr', {}, ...['colItem', 'colSentence', 'colYours', 'colCorrect', 'colPoints']
          .map((k) => el('th', { scope: 'col' }, t('exercise.' + k))))),
        body))));
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

/**
 * The end summary: a line for the score band, then the patterns in the mistakes (always the nearer noun, always the
 * first noun and subject, the same answer for both twins, the cue missed), each with what to look for instead.
 */
function summary(a, pct) {
  const band = pct >= 85 ? 'high' : pct >= 50 ? 'mid' : 'low';
  const seen = { nearest: 0, first: 0, missedCue: 0, sameTwins: 0 };
  const byPair = new Map();
  for (const item of a.items) {
    const r = item.reveal;
    if (!r) continue;
    if (!r.cueCorrect) seen.missedCue += 1;
    const chosen = r.candidates.find((c) => inSpan(c, r.chosenAntecedent));
    if (chosen && !r.antecedentCorrect) {
      const other = r.candidates.find((c) => c !== chosen);
      if (Math.abs(chosen.head - item.pronoun) < Math.abs(other.head - item.pronoun)) seen.nearest += 1;
      if (chosen.head < other.head) seen.first += 1;
    }
    // Twins share their candidates: the same pick for both means the changed word was not read.
    const key = r.candidates.map((c) => c.id).join('|');
    if (chosen) {
      if (byPair.has(key) && byPair.get(key) === chosen.id) seen.sameTwins += 1;
      byPair.set(key, chosen.id);
    }
  }
  const patterns = [];
  if (seen.nearest >= 2) patterns.push(t('exercise.pattern.nearest', seen.nearest));
  if (seen.first >= 2) patterns.push(t('exercise.pattern.first', seen.first));
  if (seen.sameTwins >= 1) patterns.push(seen.sameTwins === 1 ? t('exercise.pattern.sameTwinsOne') : t('exercise.pattern.sameTwins', seen.sameTwins));
  if (seen.missedCue >= 3) patterns.push(t('exercise.pattern.missedCue', seen.missedCue, a.itemCount));
  return el('div', { class: 'end-summary' },
    el('p', {}, t('exercise.band.' + band)),
    patterns.length ? el('ul', {}, ...patterns.map((x) => el('li', {}, x))) : el('p', {}, t('exercise.pattern.none')));
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
