// A run's page: the workflow (the version it ran on) read-only, with the path it took highlighted; a click on a step
// shows its journal entry.
import 'drawflow/dist/drawflow.min.css';
import './editor.css';
import { createCanvas, drawDefinition, fit } from './canvas.js';

const boot = JSON.parse(document.getElementById('run-boot').textContent);
const container = document.getElementById('wf-canvas');
const editor = createCanvas(container, 'fixed');
const activitiesByType = new Map(boot.activities.map(a => [a.type, a]));
const ids = drawDefinition(editor, boot.definition, activitiesByType);
const waiting = new Set(boot.waiting ?? []);
for (const [activityId, nodeId] of ids) {
  const element = document.getElementById(`node-${nodeId}`);
  const entries = boot.journal.filter(j => j.activityId === activityId);
  if (entries.some(j => j.error)) {
    element.classList.add('wf-failed');
  } else if (waiting.has(activityId)) {
    element.classList.add('wf-waiting');
  } else if (entries.length) {
    element.classList.add('wf-visited');
  }

  element.setAttribute('title', entries.length ? `${entries.length} step(s); last: ${entries[entries.length - 1].error ? 'Failed' : entries[entries.length - 1].outcome ?? ''}` : 'Not reached');
  element.addEventListener('click', () => {
    const item = document.querySelector(`#journal li[data-activity="${CSS.escape(activityId)}"]`);
    if (item) {
      item.scrollIntoView({ behavior: 'smooth', block: 'center' });
      item.classList.add('wf-highlight');
      setTimeout(() => item.classList.remove('wf-highlight'), 1500);
    }
  });
}

fit(editor, container);
