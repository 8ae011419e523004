// The verifier's page: reads what a person pastes, chooses or drops (as
// bytes, never uploaded anywhere but this server), posts it to
// /verify/file and shows the result in plain words. Everything shown is
// set with textContent: nothing from a credential is ever parsed as HTML.
'use strict';

const CHECK_NAMES = {
  structure: 'Well formed',
  proof: 'Signature',
  issuer: 'Signed by the issuer',
  keyHistory: 'Key in use when signed',
  validity: 'Valid today',
  status: 'Not revoked or suspended',
  trust: 'Recognized issuer',
  schema: 'Open Badges format',
  endorsements: 'Endorsements',
  holder: 'Presented by its holder',
  credentials: 'Credentials inside',
};
const OUTCOME_WORDS = { ok: 'OK', failed: 'Failed', unknown: 'Unknown' };

const form = document.getElementById('check-form');
const fileInput = document.getElementById('file-input');
const dropZone = document.getElementById('drop-zone');
const paste = document.getElementById('paste');
const result = document.getElementById('result');
const formError = document.getElementById('form-error');
const fileName = document.getElementById('file-name');
const button = document.getElementById('check-button');
let chosen = null;  // {name, bytes}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === '') continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function factsList(pairs) {
  const dl = el('dl', { class: 'facts' });
  for (const [term, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    dl.append(el('dt', {}, term), el('dd', {}, value));
  }
  return dl.children.length ? dl : null;
}

function who(profile) {
  if (!profile) return '';
  if (profile.name && profile.id) return `${profile.name} (${profile.id})`;
  return profile.name || profile.id || '';
}

function findCheck(report, name) {
  return (report && report.checks || []).find((c) => c.check === name);
}

function recognition(report) {
  const trust = findCheck(report, 'trust');
  if (!trust) return 'Not checked: this verifier has no list of recognized issuers.';
  return trust.summary;
}

function renderChecks(checks, id) {
  const list = el('ul', { class: 'checks', id });
  for (const c of checks || []) {
    const outcome = c.outcome || (c.ok ? 'ok' : 'failed');
    const item = el('li', { class: outcome, 'data-check': c.check, 'data-outcome': outcome },
      el('span', { class: 'outcome' }, OUTCOME_WORDS[outcome] || outcome), ' — ',
      el('strong', {}, CHECK_NAMES[c.check] || c.check), ': ', c.summary || '');
    for (const e of c.errors || []) {
      item.append(el('p', { class: 'problem', 'data-code': e.code },
        'Reason: ', el('code', {}, e.code), ' — ', e.message));
    }
    for (const w of c.warnings || []) {
      item.append(el('p', { class: 'problem warning', 'data-code': w.code },
        'Note: ', el('code', {}, w.code), ' — ', w.message));
    }
    list.append(item);
  }
  return list;
}

function competencyTable(list) {
  if (!list || !list.length) return null;
  const body = el('tbody');
  for (const c of list) {
    body.append(el('tr', {},
      el('td', {}, c.targetUrl ? el('a', { href: c.targetUrl, rel: 'noopener noreferrer' }, c.targetName || c.targetUrl) : (c.targetName || '')),
      el('td', {}, c.targetFramework || ''), el('td', {}, c.targetCode || ''),
      el('td', {}, c.targetType || '')));
  }
  return el('table', { class: 'competencies' },
    el('caption', { class: 'hint' }, 'Competencies this achievement stands for'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Competency'),
      el('th', { scope: 'col' }, 'Framework'), el('th', { scope: 'col' }, 'Code'),
      el('th', { scope: 'col' }, 'Type'))),
    body);
}

function renderFacts(facts, report, level) {
  const box = el('div', { class: 'facts-block' });
  const h = `h${Math.min(6, level)}`;
  const a = facts.achievement || {};
  const title = a.name || facts.name || facts.kind || 'Credential';
  box.append(el(h, { class: 'achievement-name' }, title));
  const credits = facts.credits
    ? [facts.credits.earned !== undefined ? `${facts.credits.earned} earned` : '',
       facts.credits.available !== undefined ? `${facts.credits.available} available` : '']
        .filter(Boolean).join(' of ')
    : '';
  const dates = facts.dates || {};
  const from = dates.validFrom || dates.issuanceDate;
  const until = dates.validUntil || dates.expirationDate;
  box.append(factsList([
    ['What it is', facts.kind],
    ['Achievement type', a.type],
    ['What it means', a.description || facts.description],
    ['How it was earned', a.criteria && (a.criteria.narrative || a.criteria.id)],
    ['Field of study', a.fieldOfStudy],
    ['Issued by', who(facts.issuer)],
    ['Recognized', report ? recognition(report) : ''],
    ['Awarded to', facts.recipient && facts.recipient.description],
    ['Credits', credits],
    ['Awarded', dates.awardedDate],
    ['Valid from', from],
    ['Valid until', until || (from ? 'does not expire' : '')],
  ]));
  const table = competencyTable(facts.competencies);
  if (table) box.append(table);
  if (facts.results && facts.results.length) {
    const ul = el('ul', { class: 'results' });
    for (const r of facts.results) {
      const value = [r.value, r.achievedLevel, r.status].filter(Boolean).join(', ');
      ul.append(el('li', {}, `${r.name || 'Result'}: ${value}` +
        (r.valueMax && r.value ? ` (out of ${r.valueMax})` : '')));
    }
    box.append(el('p', { class: 'label' }, el('strong', {}, 'Results')), ul);
  }
  if (facts.evidence && facts.evidence.length) {
    const ul = el('ul', { class: 'evidence' });
    for (const e of facts.evidence) {
      const text = [e.name, e.narrative || e.description].filter(Boolean).join(': ');
      ul.append(el('li', {}, text, e.id ? ' ' : '',
        e.id && /^https?:/.test(e.id) ? el('a', { href: e.id, rel: 'noopener noreferrer' }, '(link)') : ''));
    }
    box.append(el('p', { class: 'label' }, el('strong', {}, 'Evidence')), ul);
  }
  if (facts.claims) {
    box.append(factsList(Object.entries(facts.claims)));
  }
  return box;
}

function verdict(ok, kind, extra) {
  const cls = ok ? 'ok' : 'failed';
  const words = ok ? 'Verified' : 'Not verified';
  const what = kind === 'presentation' ? 'presentation' : 'credential';
  const box = el('div', { class: `verdict ${cls}`, id: 'verdict', 'data-verified': String(ok), role: 'status' },
    el('span', { id: 'status' }, words));
  box.append(el('p', {}, ok
    ? `This ${what} is genuine, unchanged and valid, as each check below shows.`
    : `Do not rely on this ${what} as it is: see the check that failed below.`));
  if (extra) box.append(el('p', {}, extra));
  return box;
}

function renderCredential(payload) {
  const report = payload.report;
  const out = [verdict(payload.verified, 'credential')];
  if (!payload.verified) {
    out.push(el('p', { class: 'claims-note' },
      'What the credential claims, not confirmed because a check did not pass:'));
  }
  out.push(renderFacts(payload.facts || {}, report, 2));
  const nested = (payload.facts && payload.facts.credentials) || [];
  if (nested.length) {
    out.push(el('h3', {}, `Contains ${nested.length} credential${nested.length === 1 ? '' : 's'}`));
    for (const f of nested) out.push(el('div', { class: 'credential-card' }, renderFacts(f, null, 4)));
  }
  out.push(el('h3', {}, 'Each check'), renderChecks(report.checks, 'checks'));
  return out;
}

function renderPresentation(payload) {
  const report = payload.report;
  const holder = report.presentation && report.presentation.holder;
  const out = [verdict(payload.verified, 'presentation',
    holder ? `Presented by ${holder}.` : 'The presentation does not name who presents it.')];
  out.push(el('h3', {}, 'The presentation'), renderChecks(report.checks, 'checks'));
  const facts = (payload.facts && payload.facts.credentials) || [];
  (report.credentials || []).forEach((c, i) => {
    const card = el('section', { class: 'credential-card', 'aria-label': `Credential ${i + 1}` });
    card.append(el('h3', {}, `Credential ${i + 1}: ${c.verified ? 'verified' : 'not verified'}`));
    card.append(renderFacts(facts[i] || {}, c, 4));
    card.append(el('p', {}, `Is it about the person presenting it? ${c.subjectIsHolder}. ${c.subjectNote || ''}`));
    card.append(renderChecks(c.checks, `checks-${i + 1}`));
    out.push(card);
  });
  return out;
}

function render(payload) {
  result.replaceChildren();
  result.append(el('h2', {}, 'Result'));
  let parts;
  if (payload.kind === 'presentation') {
    parts = renderPresentation(payload);
  } else if (payload.kind === 'unreadable') {
    parts = [verdict(false, 'credential', 'The file could not be read as a credential.'),
      renderChecks(payload.report.checks, 'checks')];
  } else {
    parts = renderCredential(payload);
  }
  result.append(...parts);
  result.focus();
}

async function submit(bytes) {
  formError.textContent = '';
  result.setAttribute('aria-busy', 'true');
  button.disabled = true;
  try {
    const params = new URLSearchParams();
    const challenge = document.getElementById('challenge').value.trim();
    const domain = document.getElementById('domain').value.trim();
    if (challenge) params.set('challenge', challenge);
    if (domain) params.set('domain', domain);
    const query = params.toString() ? `?${params}` : '';
    const response = await fetch(`/verify/file${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    const payload = await response.json();
    if (!payload.report) {
      const p = (payload.problemDetails || [])[0] || {};
      formError.textContent = `The server could not check it: ${p.detail || response.statusText}`;
      return;
    }
    render(payload);
  } catch (err) {
    formError.textContent = `The check could not be run: ${err.message}`;
  } finally {
    result.setAttribute('aria-busy', 'false');
    button.disabled = false;
  }
}

async function useFile(file) {
  const buffer = await file.arrayBuffer();
  chosen = { name: file.name, bytes: new Uint8Array(buffer) };
  fileName.textContent = `Chosen: ${file.name} (${buffer.byteLength} bytes)`;
  paste.value = '';
}

fileInput.addEventListener('change', async () => {
  if (fileInput.files.length) {
    await useFile(fileInput.files[0]);
    await submit(chosen.bytes);
  }
});

for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'drop']) {
  dropZone.addEventListener(type, () => dropZone.classList.remove('dragging'));
}
dropZone.addEventListener('drop', async (event) => {
  event.preventDefault();
  const files = event.dataTransfer && event.dataTransfer.files;
  if (files && files.length) {
    await useFile(files[0]);
    await submit(chosen.bytes);
  }
});

paste.addEventListener('input', () => {
  chosen = null;
  fileName.textContent = '';
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = paste.value.trim();
  if (text) {
    await submit(new TextEncoder().encode(text));
  } else if (chosen) {
    await submit(chosen.bytes);
  } else {
    formError.textContent = 'Choose a file or paste a credential first.';
  }
});

// Credit evaluation: the policy and the credentials are read here, posted
// to /evaluations as JSON, and the decision is shown target by target.
const creditForm = document.getElementById('credit-form');
const policyInput = document.getElementById('policy-input');
const credentialsInput = document.getElementById('credentials-input');
const creditError = document.getElementById('credit-error');
const decisionBox = document.getElementById('decision');
const evaluateButton = document.getElementById('evaluate-button');

async function readJsonFile(file) {
  try {
    return JSON.parse(await file.text());
  } catch (err) {
    throw new Error(`${file.name} is not JSON: ${err.message}`);
  }
}

function isPresentation(doc) {
  const t = doc && doc.type;
  return t === 'VerifiablePresentation' ||
    (Array.isArray(t) && t.includes('VerifiablePresentation'));
}

function renderDecision(d) {
  decisionBox.replaceChildren();
  decisionBox.append(el('h2', {}, 'Decision'));
  const totals = d.totals || {};
  const institution = (d.policy && d.policy.institution && d.policy.institution.name) || '';
  decisionBox.append(el('div', {
    class: `verdict ${totals.granted ? 'ok' : 'failed'}`, id: 'decision-totals', role: 'status',
    'data-granted': String(totals.granted || 0), 'data-credits': String(totals.credits || 0),
  }, el('span', {}, `${totals.granted || 0} of ${totals.targets || 0} granted, ${totals.credits || 0} credits`),
  institution ? el('p', {}, `Under the policy of ${institution}, as of ${d.evaluatedAt}.`) : null));
  for (const t of d.targets || []) {
    const card = el('section', {
      class: `credential-card target ${t.granted ? 'ok' : 'failed'}`,
      'data-target': t.code, 'data-granted': String(t.granted),
    });
    card.append(el('h3', {}, `${t.code} ${t.title}: ` +
      (t.granted ? `granted, ${t.credits} of ${t.maxCredits} credits` : 'not granted')));
    if (t.rule) card.append(el('p', {}, 'By rule ', el('code', {}, t.rule)));
    if (t.evidence && t.evidence.length) {
      const ul = el('ul', { class: 'evidence' });
      for (const e of t.evidence) {
        ul.append(el('li', {}, `${e.achievement || e.credentialId} from ${e.issuerName || e.issuer}` +
          (e.earned ? `, earned ${e.earned}` : '') + ` (${e.verification}): ${e.matched || ''}` +
          (e.result ? `; ${e.result}` : '')));
      }
      card.append(el('p', { class: 'label' }, el('strong', {}, 'Evidence used')), ul);
    }
    if (t.missing && t.missing.length) {
      const pre = el('pre', { class: 'missing' }, t.missing.join('\n'));
      card.append(el('p', { class: 'label' }, el('strong', {}, 'What is missing')), pre);
    }
    for (const n of t.notes || []) card.append(el('p', { class: 'hint' }, n));
    decisionBox.append(card);
  }
  decisionBox.focus();
}

creditForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  creditError.textContent = '';
  if (!policyInput.files.length) {
    creditError.textContent = 'Choose your credit policy file first.';
    return;
  }
  if (!credentialsInput.files.length) {
    creditError.textContent = "Choose the student's credentials.";
    return;
  }
  decisionBox.setAttribute('aria-busy', 'true');
  evaluateButton.disabled = true;
  try {
    const policy = await readJsonFile(policyInput.files[0]);
    const docs = [];
    for (const f of credentialsInput.files) docs.push(await readJsonFile(f));
    const body = { policy };
    if (docs.length === 1 && isPresentation(docs[0])) {
      body.verifiablePresentation = docs[0];
    } else {
      body.verifiableCredentials = docs;
    }
    const response = await fetch('/evaluations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const payload = await response.json();
    if (!response.ok) {
      const p = (payload.problemDetails || [])[0] || {};
      creditError.textContent = `The evaluation could not be run: ${p.detail || response.statusText}`;
      return;
    }
    renderDecision(payload);
  } catch (err) {
    creditError.textContent = `The evaluation could not be run: ${err.message}`;
  } finally {
    decisionBox.setAttribute('aria-busy', 'false');
    evaluateButton.disabled = false;
  }
});
