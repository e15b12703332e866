// The workflow editor: palette → canvas (Drawflow) → settings form per activity, checked on the server as you type;
// drafts saved on demand and automatically (a conflict is reported, never overwritten unseen); publish; dry run.
import 'drawflow/dist/drawflow.min.css';
import './editor.css';
import { createCanvas, drawDefinition, escapeHtml, fit, labelPorts, nodeHtml } from './canvas.js';

const boot = JSON.parse(document.getElementById('workflow-boot').textContent);
const token = document.querySelector('#workflow-antiforgery input[name="__RequestVerificationToken"]')?.value ?? '';
const base = `/partner/workflows/${encodeURIComponent(boot.id)}`;
const activitiesByType = new Map(boot.activities.map(a => [a.type, a]));
const $ = id => document.getElementById(id);

const container = $('wf-canvas');
const editor = createCanvas(container, 'edit');
let revision = boot.revision;
let loading = false;
let dirty = false;
let selected = null; // Drawflow node id
let lastCheck = { valid: true, errors: [], activities: {} };
const history = [];
let historyIndex = -1;

// ---------- model <-> canvas ----------

function definition() {
  const data = editor.export().drawflow.Home.data;
  const byNode = new Map(Object.values(data).map(n => [String(n.id), n]));
  const activities = [];
  const transitions = [];
  for (const n of byNode.values()) {
    activities.push({ id: n.data.id, type: n.data.type, start: !!n.data.start, settings: n.data.settings ?? {}, x: Math.round(n.pos_x), y: Math.round(n.pos_y) });
    const activity = activitiesByType.get(n.data.type);
    Object.entries(n.outputs).forEach(([output, value]) => {
      const index = Number(output.replace('output_', '')) - 1;
      for (const c of value.connections) {
        const target = byNode.get(String(c.node));
        if (target && activity?.outcomes[index]) {
          transitions.push({ from: n.data.id, outcome: activity.outcomes[index], to: target.data.id });
        }
      }
    });
  }

  return { activities, transitions };
}

function load(def, options) {
  loading = true;
  try {
    drawDefinition(editor, def, activitiesByType, options);
  } finally {
    loading = false;
  }

  selected = null;
  renderPanel();
  renderConnections();
  markErrors();
}

function nodeIdOf(activityId) {
  const data = editor.export().drawflow.Home.data;
  return Object.values(data).find(n => n.data.id === activityId)?.id;
}

// ---------- history (undo/redo) ----------

function remember() {
  if (loading) {
    return;
  }

  const snapshot = JSON.stringify(definition());
  if (history[historyIndex] === snapshot) {
    return;
  }

  history.splice(historyIndex + 1);
  history.push(snapshot);
  if (history.length > 100) {
    history.shift();
  }

  historyIndex = history.length - 1;
  updateUndo();
}

function undo() {
  if (historyIndex > 0) {
    historyIndex--;
    load(JSON.parse(history[historyIndex]));
    changed(false);
    updateUndo();
  }
}

function redo() {
  if (historyIndex < history.length - 1) {
    historyIndex++;
    load(JSON.parse(history[historyIndex]));
    changed(false);
    updateUndo();
  }
}

function updateUndo() {
  $('wf-undo').disabled = historyIndex <= 0;
  $('wf-redo').disabled = historyIndex >= history.length - 1;
}

// ---------- changes, validation, autosave ----------

let checkTimer = null;
let saveTimer = null;

function changed(record = true) {
  if (loading) {
    return;
  }

  if (record) {
    remember();
  }

  dirty = true;
  setStatus('Unsaved changes', 'pending');
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 350);
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => saveDraft(true), 4000);
  renderConnections();
}

async function post(path, body) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', RequestVerificationToken: token },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }

  return { status: response.status, json };
}

async function check() {
  const { status, json } = await post('/validate', { definition: definition(), revision });
  if (status === 200 && json) {
    lastCheck = json;
    markErrors();
    renderPanel(true);
  }
}

function markErrors() {
  const data = editor.export().drawflow.Home.data;
  let invalid = 0;
  for (const n of Object.values(data)) {
    const element = document.getElementById(`node-${n.id}`);
    const errors = lastCheck.activities?.[n.data.id];
    element?.classList.toggle('wf-invalid', !!errors);
    if (errors) {
      invalid++;
      element?.setAttribute('aria-invalid', 'true');
    } else {
      element?.removeAttribute('aria-invalid');
    }
  }

  const general = lastCheck.errors ?? [];
  const list = $('wf-problems');
  list.innerHTML = [...general.map(e => `<li>${escapeHtml(e)}</li>`),
    ...(invalid ? [`<li>${invalid} activit${invalid === 1 ? 'y has' : 'ies have'} invalid settings (marked in red).</li>`] : [])].join('');
  list.hidden = general.length === 0 && invalid === 0;
  const publish = $('wf-publish');
  publish.disabled = !lastCheck.valid;
  publish.title = lastCheck.valid ? '' : 'Fix the problems listed first';
  $('wf-dry-run').disabled = !lastCheck.valid;
}

async function saveDraft(automatic) {
  clearTimeout(saveTimer);
  if (automatic && !dirty) {
    return;
  }

  setStatus('Saving…', 'pending');
  const { status, json } = await post('/draft', { definition: definition(), revision });
  if (status === 200) {
    revision = json.revision;
    dirty = false;
    setStatus(`Draft saved ${new Date(json.savedUtc).toLocaleTimeString()}${automatic ? ' (automatically)' : ''}`, 'ok');
  } else if (status === 409) {
    revision = json?.revision ?? revision;
    setStatus(json?.detail ?? 'Someone else saved this workflow.', 'conflict');
  } else {
    setStatus(json?.detail ?? `The draft was not saved (${status}).`, 'error');
  }
}

async function publish() {
  await check();
  if (!lastCheck.valid) {
    setStatus('Not published: fix the problems listed first.', 'error');
    return;
  }

  const { status, json } = await post('/publish', { definition: definition(), revision });
  if (status === 200) {
    revision = json.revision;
    dirty = false;
    $('wf-version').textContent = json.version;
    setStatus(json.message, 'ok');
  } else if (status === 409) {
    revision = json?.revision ?? revision;
    setStatus(json?.detail ?? 'Someone else saved this workflow.', 'conflict');
  } else {
    if (json?.activities) {
      lastCheck = json;
      markErrors();
    }

    setStatus(json?.detail ?? (json?.errors ?? []).join(' ') ?? 'Not published.', 'error');
  }
}

function setStatus(text, kind) {
  const status = $('wf-status');
  status.textContent = text;
  status.dataset.kind = kind;
  status.setAttribute('role', kind === 'conflict' || kind === 'error' ? 'alert' : 'status');
}

// ---------- palette ----------

function renderPalette(filter = '') {
  const term = filter.trim().toLowerCase();
  const groups = new Map();
  for (const a of boot.activities) {
    if (term && !`${a.displayName} ${a.description} ${a.category}`.toLowerCase().includes(term)) {
      continue;
    }

    if (!groups.has(a.category)) {
      groups.set(a.category, []);
    }

    groups.get(a.category).push(a);
  }

  $('wf-palette-list').innerHTML = [...groups.entries()].map(([category, items]) => `
    <h3>${escapeHtml(category)}</h3>
    <ul>${items.map(a => `<li><button type="button" class="wf-palette-item" draggable="true" data-type="${escapeHtml(a.type)}" title="${escapeHtml(a.description)}">${escapeHtml(a.displayName)}</button></li>`).join('')}</ul>`).join('')
    || '<p class="hint">No activity matches.</p>';
}

function newId(type) {
  const taken = new Set(definition().activities.map(a => a.id));
  const stem = type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  let i = 1;
  while (taken.has(`${stem}-${i}`)) {
    i++;
  }

  return `${stem}-${i}`;
}

function addActivity(type, x, y) {
  const activity = activitiesByType.get(type);
  if (!activity) {
    return;
  }

  const settings = {};
  for (const f of activity.fields) {
    if (f.default !== null && f.default !== undefined && f.default !== '') {
      settings[f.name] = f.default;
    }
  }

  const isFirstEvent = activity.isEvent && !definition().activities.some(a => a.start);
  const node = { id: newId(type), type, start: isFirstEvent, settings };
  if (x === undefined) {
    const existing = definition().activities;
    x = existing.length ? Math.max(...existing.map(a => a.x)) + 280 : 60;
    y = existing.length ? existing[existing.length - 1].y : 60;
  }

  const classes = 'wf-node' + (activity.isEvent ? ' wf-event' : '') + (node.start ? ' wf-is-start' : '');
  const nodeId = editor.addNode(type, 1, activity.outcomes.length, x, y, classes, node, nodeHtml(activity, node));
  labelPorts(editor, nodeId, activity);
  select(nodeId);
  // Added without a pointer (the keyboard): bring it into view.
  const box = document.getElementById(`node-${nodeId}`)?.getBoundingClientRect();
  const view = container.getBoundingClientRect();
  if (box && (box.right > view.right || box.bottom > view.bottom || box.left < view.left || box.top < view.top)) {
    fit(editor, container);
  }
}

function setupPalette() {
  renderPalette();
  $('wf-search').addEventListener('input', e => renderPalette(e.target.value));
  $('wf-palette-list').addEventListener('click', e => {
    const button = e.target.closest('.wf-palette-item');
    if (button) {
      addActivity(button.dataset.type);
    }
  });
  $('wf-palette-list').addEventListener('dragstart', e => {
    const button = e.target.closest('.wf-palette-item');
    if (button) {
      e.dataTransfer.setData('text/plain', button.dataset.type);
      e.dataTransfer.effectAllowed = 'copy';
    }
  });
  container.addEventListener('dragover', e => e.preventDefault());
  container.addEventListener('drop', e => {
    e.preventDefault();
    const type = e.dataTransfer.getData('text/plain');
    const rect = editor.precanvas.getBoundingClientRect();
    addActivity(type, (e.clientX - rect.x) / editor.zoom, (e.clientY - rect.y) / editor.zoom);
  });
}

// ---------- settings panel ----------

function select(nodeId) {
  selected = nodeId == null ? null : String(nodeId);
  renderPanel();
  renderSelect();
}

function fieldInput(field, value, idPrefix) {
  const id = `${idPrefix}-${field.name}`;
  const v = value ?? '';
  const described = `${id}-help ${id}-error`;
  switch (field.kind) {
    case 'Boolean':
      return `<input type="checkbox" id="${id}" data-field="${field.name}" ${v === true ? 'checked' : ''} aria-describedby="${described}">`;
    case 'Number':
      return `<input type="number" id="${id}" data-field="${field.name}" value="${escapeHtml(v)}" aria-describedby="${described}">`;
    case 'Choice':
      return `<select id="${id}" data-field="${field.name}" aria-describedby="${described}">${field.choices.map(c => `<option ${c === v ? 'selected' : ''}>${escapeHtml(c)}</option>`).join('')}</select>`;
    case 'Role': {
      const inCustomer = selected && editor.getNodeFromId(selected).data.settings?.customer;
      const roles = inCustomer ? boot.customerRoles : boot.roles;
      const options = ['', ...roles.map(r => r.name)];
      if (v && !options.includes(v)) {
        options.push(v);
      }

      return `<select id="${id}" data-field="${field.name}" aria-describedby="${described}">${options.map(r => `<option value="${escapeHtml(r)}" ${r === v ? 'selected' : ''}>${r ? escapeHtml(r) : '(none)'}</option>`).join('')}</select>`;
    }
    case 'LiquidMultiline':
      return `<textarea id="${id}" data-field="${field.name}" rows="5" spellcheck="false" aria-describedby="${described}">${escapeHtml(v)}</textarea>`;
    default:
      return `<input type="text" id="${id}" data-field="${field.name}" value="${escapeHtml(v)}" spellcheck="false" aria-describedby="${described}">`;
  }
}

function renderPanel(errorsOnly = false) {
  const panel = $('wf-settings');
  if (!selected || !editor.drawflow.drawflow.Home.data[selected]) {
    selected = null;
    panel.innerHTML = '<p class="hint">Select an activity on the canvas (or add one from the palette) to edit its settings.</p>';
    return;
  }

  const node = editor.getNodeFromId(selected);
  const activity = activitiesByType.get(node.data.type);
  const errors = lastCheck.activities?.[node.data.id] ?? {};
  if (errorsOnly && panel.dataset.node === selected) {
    // Keep the fields (and the caret) as they are; refresh the messages only.
    panel.querySelectorAll('[data-error-for]').forEach(el => {
      const list = errors[el.dataset.errorFor] ?? [];
      el.textContent = list.join(' ');
      el.hidden = list.length === 0;
      const input = panel.querySelector(`[data-field="${el.dataset.errorFor}"]`);
      input?.setAttribute('aria-invalid', list.length ? 'true' : 'false');
    });
    const general = errors[''] ?? [];
    $('wf-activity-errors').textContent = general.join(' ');
    $('wf-activity-errors').hidden = general.length === 0;
    return;
  }

  panel.dataset.node = selected;
  const fields = (activity?.fields ?? []).map(f => {
    const list = errors[f.name] ?? [];
    const help = f.help ? escapeHtml(f.help) : '';
    if (f.kind === 'Boolean') {
      return `<div class="field checkbox">${fieldInput(f, node.data.settings?.[f.name], 'wf-f')}<label for="wf-f-${f.name}">${escapeHtml(f.label)}</label>
        <div class="hint" id="wf-f-${f.name}-help">${help}</div><div class="field-validation-error" id="wf-f-${f.name}-error" data-error-for="${f.name}" ${list.length ? '' : 'hidden'}>${escapeHtml(list.join(' '))}</div></div>`;
    }

    return `<div class="field"><label for="wf-f-${f.name}">${escapeHtml(f.label)}${f.required ? ' <span aria-hidden="true">*</span>' : ''}</label>
      ${fieldInput(f, node.data.settings?.[f.name], 'wf-f')}
      <div class="hint" id="wf-f-${f.name}-help">${help}</div>
      <div class="field-validation-error" id="wf-f-${f.name}-error" data-error-for="${f.name}" ${list.length ? '' : 'hidden'}>${escapeHtml(list.join(' '))}</div></div>`;
  }).join('');
  const general = errors[''] ?? [];
  panel.innerHTML = `
    <h3>${escapeHtml(activity?.displayName ?? node.data.type)}</h3>
    <p class="hint">${escapeHtml(activity?.description ?? 'This activity type is not installed.')}</p>
    <div class="field-validation-error" id="wf-activity-errors" role="alert" ${general.length ? '' : 'hidden'}>${escapeHtml(general.join(' '))}</div>
    <div class="field"><label for="wf-activity-id">Activity id</label>
      <input type="text" id="wf-activity-id" value="${escapeHtml(node.data.id)}" pattern="[A-Za-z0-9_\\-]{1,64}" aria-describedby="wf-activity-id-help">
      <div class="hint" id="wf-activity-id-help">Letters, digits, - and _; unique in the workflow.</div></div>
    ${activity?.isEvent ? `<div class="field checkbox"><input type="checkbox" id="wf-activity-start" ${node.data.start ? 'checked' : ''}><label for="wf-activity-start">Starts the workflow</label></div>` : ''}
    ${fields}
    <button type="button" class="secondary" id="wf-delete-activity">Delete activity</button>`;
}

function updateNode(mutate) {
  const node = editor.getNodeFromId(selected);
  const data = { ...node.data, settings: { ...(node.data.settings ?? {}) } };
  mutate(data);
  editor.updateNodeDataFromId(selected, data);
  const activity = activitiesByType.get(data.type);
  const element = document.getElementById(`node-${selected}`);
  const content = element?.querySelector('.drawflow_content_node');
  if (content) {
    content.innerHTML = nodeHtml(activity, data);
  }

  element?.classList.toggle('wf-is-start', !!data.start);
  element?.setAttribute('data-node', data.id);
  changed();
}

function setupPanel() {
  $('wf-select').addEventListener('change', e => {
    document.querySelectorAll('.drawflow-node.selected').forEach(n => n.classList.remove('selected'));
    const nodeId = nodeIdOf(e.target.value);
    if (nodeId) {
      document.getElementById(`node-${nodeId}`)?.classList.add('selected');
    }

    select(nodeId ?? null);
  });
  const panel = $('wf-settings');
  panel.addEventListener('input', e => {
    const target = e.target;
    if (target.id === 'wf-activity-id') {
      const value = target.value.trim();
      if (/^[A-Za-z0-9_-]{1,64}$/.test(value) && !definition().activities.some(a => a.id === value)) {
        updateNode(d => { d.id = value; });
      }

      return;
    }

    if (target.id === 'wf-activity-start') {
      updateNode(d => { d.start = target.checked; });
      return;
    }

    const name = target.dataset.field;
    if (!name) {
      return;
    }

    const value = target.type === 'checkbox' ? target.checked : target.type === 'number' ? (target.value === '' ? null : Number(target.value)) : target.value;
    updateNode(d => {
      if (value === '' || value === null) {
        delete d.settings[name];
      } else {
        d.settings[name] = value;
      }
    });
  });
  panel.addEventListener('change', e => {
    if (e.target.tagName === 'SELECT' || e.target.type === 'checkbox') {
      e.target.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  panel.addEventListener('click', e => {
    if (e.target.id === 'wf-delete-activity' && selected) {
      editor.removeNodeId(`node-${selected}`);
    }
  });
}

// ---------- connections (the keyboard way) ----------

function renderSelect() {
  const def = definition();
  const current = selected ? editor.getNodeFromId(selected)?.data.id : '';
  $('wf-select').innerHTML = '<option value="">(choose an activity)</option>' + def.activities.map(a =>
    `<option value="${escapeHtml(a.id)}" ${a.id === current ? 'selected' : ''}>${escapeHtml(a.id)} (${escapeHtml(activitiesByType.get(a.type)?.displayName ?? a.type)})</option>`).join('');
}

function renderConnections() {
  renderSelect();
  const def = definition();
  const options = def.activities.map(a => `<option value="${escapeHtml(a.id)}">${escapeHtml(a.id)} (${escapeHtml(activitiesByType.get(a.type)?.displayName ?? a.type)})</option>`).join('');
  const from = $('wf-connect-from');
  const to = $('wf-connect-to');
  const keepFrom = from.value, keepTo = to.value;
  from.innerHTML = options;
  to.innerHTML = options;
  if (keepFrom) from.value = keepFrom;
  if (keepTo) to.value = keepTo;
  renderOutcomes();
  $('wf-connections').innerHTML = def.transitions.map((t, i) =>
    `<li><span>${escapeHtml(t.from)} —${escapeHtml(t.outcome)}→ ${escapeHtml(t.to)}</span> <button type="button" class="link" data-remove="${i}" aria-label="Remove connection ${escapeHtml(t.from)} ${escapeHtml(t.outcome)} to ${escapeHtml(t.to)}">Remove</button></li>`).join('')
    || '<li class="hint">No connections yet.</li>';
}

function renderOutcomes() {
  const fromId = $('wf-connect-from').value;
  const type = definition().activities.find(a => a.id === fromId)?.type;
  const outcomes = activitiesByType.get(type)?.outcomes ?? [];
  $('wf-connect-outcome').innerHTML = outcomes.map(o => `<option>${escapeHtml(o)}</option>`).join('');
}

function setupConnections() {
  $('wf-connect-from').addEventListener('change', renderOutcomes);
  $('wf-connect').addEventListener('click', () => {
    const def = definition();
    const fromId = $('wf-connect-from').value;
    const toId = $('wf-connect-to').value;
    const outcome = $('wf-connect-outcome').value;
    const from = def.activities.find(a => a.id === fromId);
    const index = activitiesByType.get(from?.type)?.outcomes.indexOf(outcome) ?? -1;
    if (!from || index < 0 || !toId) {
      return;
    }

    if (fromId === toId) {
      setStatus('An activity cannot lead to itself.', 'error');
      return;
    }

    editor.addConnection(nodeIdOf(fromId), nodeIdOf(toId), `output_${index + 1}`, 'input_1');
  });
  $('wf-connections').addEventListener('click', e => {
    const index = e.target.dataset.remove;
    if (index === undefined) {
      return;
    }

    const t = definition().transitions[Number(index)];
    const from = definition().activities.find(a => a.id === t.from);
    const output = activitiesByType.get(from.type).outcomes.indexOf(t.outcome) + 1;
    editor.removeSingleConnection(nodeIdOf(t.from), nodeIdOf(t.to), `output_${output}`, 'input_1');
  });
}

// ---------- dry run ----------

async function loadSamples() {
  const eventType = $('wf-try-event').value;
  const select = $('wf-try-sample');
  select.innerHTML = '<option value="">(values below)</option>';
  if (!eventType) {
    return;
  }

  const response = await fetch(`${base}/samples?event=${encodeURIComponent(eventType)}`, { credentials: 'same-origin' });
  const samples = response.ok ? await response.json() : [];
  window.wfSamples = samples;
  select.innerHTML += samples.map((s, i) => `<option value="${i}">${escapeHtml(s.label)}</option>`).join('');
  if (samples.length) {
    select.value = '0';
    $('wf-try-input').value = JSON.stringify(samples[0].input, null, 2);
  }
}

function renderTryEvents() {
  const events = [...new Set(definition().activities.filter(a => a.start).map(a => a.type))];
  const select = $('wf-try-event');
  const keep = select.value;
  select.innerHTML = events.map(t => `<option value="${escapeHtml(t)}">${escapeHtml(activitiesByType.get(t)?.displayName ?? t)}</option>`).join('');
  if (events.includes(keep)) {
    select.value = keep;
  }
}

async function dryRun() {
  let input;
  try {
    input = JSON.parse($('wf-try-input').value || '{}');
  } catch (e) {
    $('wf-try-result').innerHTML = `<p class="field-validation-error" role="alert">The event values are not JSON: ${escapeHtml(e.message)}</p>`;
    return;
  }

  const { status, json } = await post('/dry-run', { definition: definition(), eventType: $('wf-try-event').value, input });
  if (status !== 200) {
    $('wf-try-result').innerHTML = `<p class="field-validation-error" role="alert">${escapeHtml(json?.detail ?? (json?.errors ?? []).join(' ') ?? `Not run (${status}).`)}</p>`;
    return;
  }

  const entries = json.journal.map(j => `<li data-activity="${escapeHtml(j.activityId)}"><strong>${escapeHtml(j.activityId)}</strong> <span class="hint">(${escapeHtml(j.activityType)})</span> — ${escapeHtml(j.error ? 'Failed' : j.outcome)}
      ${j.error ? `<div class="field-validation-error">${escapeHtml(j.error)}</div>` : ''}${j.input ? `<pre class="hint">${escapeHtml(j.input)}</pre>` : ''}</li>`).join('');
  $('wf-try-result').innerHTML = `<p role="status" data-testid="dry-run-status">Dry run: ${escapeHtml(json.status)}. Nothing was sent, called, granted or saved.</p><ol class="timeline" data-testid="dry-run-journal">${entries}</ol>`;
}

function setupTry() {
  $('wf-try-event').addEventListener('change', loadSamples);
  $('wf-try-sample').addEventListener('change', e => {
    const sample = window.wfSamples?.[Number(e.target.value)];
    if (sample) {
      $('wf-try-input').value = JSON.stringify(sample.input, null, 2);
    }
  });
  $('wf-dry-run').addEventListener('click', dryRun);
  $('wf-try-open').addEventListener('toggle', () => {
    if ($('wf-try-open').open) {
      renderTryEvents();
      loadSamples();
    }
  });
}

// ---------- wiring ----------

editor.on('nodeSelected', id => select(id));
editor.on('nodeUnselected', () => select(null));
editor.on('nodeCreated', () => changed());
editor.on('nodeRemoved', id => { if (selected === String(id)) select(null); changed(); });
editor.on('nodeMoved', () => changed());
editor.on('connectionCreated', c => {
  // One connection per outcome and target is enough; a node never leads to itself.
  if (c.output_id === c.input_id) {
    editor.removeSingleConnection(c.output_id, c.input_id, c.output_class, c.input_class);
    return;
  }

  changed();
});
editor.on('connectionRemoved', () => changed());

$('wf-save').addEventListener('click', () => saveDraft(false));
$('wf-publish').addEventListener('click', publish);
$('wf-undo').addEventListener('click', undo);
$('wf-redo').addEventListener('click', redo);
$('wf-zoom-in').addEventListener('click', () => editor.zoom_in());
$('wf-zoom-out').addEventListener('click', () => editor.zoom_out());
$('wf-fit').addEventListener('click', () => fit(editor, container));
$('wf-arrange').addEventListener('click', () => { load(definition(), { layout: true }); fit(editor, container); changed(); });
// The palette and the settings fold away to give the canvas the width; the choice is kept for the next visit.
for (const [button, css, key] of [['wf-toggle-palette', 'no-palette', 'wf-palette-folded'], ['wf-toggle-side', 'no-side', 'wf-side-folded']]) {
  const show = open => {
    $('wf-layout').classList.toggle(css, !open);
    $(button).setAttribute('aria-expanded', String(open));
  };
  let folded = false;
  try { folded = localStorage.getItem(key) === '1'; } catch { /* storage off: start open */ }
  show(!folded);
  $(button).addEventListener('click', () => {
    const open = $(button).getAttribute('aria-expanded') !== 'true';
    show(open);
    try { localStorage.setItem(key, open ? '0' : '1'); } catch { /* storage off: not remembered */ }
  });
}
document.addEventListener('keydown', e => {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !typing) {
    e.preventDefault();
    e.shiftKey ? redo() : undo();
  } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y' && !typing) {
    e.preventDefault();
    redo();
  } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
    e.preventDefault();
    saveDraft(false);
  }
});
window.addEventListener('beforeunload', e => {
  if (dirty) {
    e.preventDefault();
  }
});

setupPalette();
setupPanel();
setupConnections();
setupTry();
load(boot.definition);
fit(editor, container);
remember();
updateUndo();
check();
setStatus(boot.hasDraft ? `Draft of ${boot.savedBy ?? 'someone'} from ${boot.savedUtc ? new Date(boot.savedUtc).toLocaleString() : 'earlier'}` : (boot.version ? `Version ${boot.version}, published` : 'New workflow'), 'ok');
// A colleague saving the same workflow is reported within half a minute, not only at the next save.
setInterval(async () => {
  const response = await fetch(`${base}/draft-state`, { credentials: 'same-origin' });
  if (!response.ok) {
    return;
  }

  const state = await response.json();
  if (state.revision > revision) {
    setStatus(`${state.savedBy ?? 'Someone'} saved this workflow at ${new Date(state.savedUtc).toLocaleTimeString()} while you were editing. Saving now would replace their changes: reload to see them (copy yours first).`, 'conflict');
  }
}, 20000);
window.workflowEditor = { editor, definition, check, saveDraft, publish };
