// Shared by the editor and the run page: draws a workflow definition on a Drawflow canvas, lays it out, fits it.
import Drawflow from 'drawflow';
import dagre from '@dagrejs/dagre';

export const NODE_WIDTH = 220;
const TITLE_HEIGHT = 46;
const OUTCOME_HEIGHT = 24;

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function createCanvas(container, mode) {
  const editor = new Drawflow(container);
  editor.reroute = false;
  editor.editor_mode = mode;
  editor.zoom_min = 0.3;
  editor.zoom_max = 1.6;
  editor.start();
  return editor;
}

export function nodeHtml(activity, node) {
  const outcomes = (activity?.outcomes ?? []).map(o => `<li>${escapeHtml(o)}</li>`).join('');
  const start = node.start ? '<span class="wf-start" title="Starts the workflow">start</span>' : '';
  const title = activity ? activity.displayName : `Unknown: ${node.type}`;
  return `<div class="wf-node-body"><div class="wf-title">${start}${escapeHtml(title)}</div><div class="wf-id">${escapeHtml(node.id)}</div><ul class="wf-outcomes">${outcomes}</ul></div>`;
}

export function nodeHeight(activity) {
  return TITLE_HEIGHT + Math.max(1, activity?.outcomes?.length ?? 1) * OUTCOME_HEIGHT;
}

/** Puts a definition on the canvas; returns activity id → Drawflow node id. Positions come from x/y, or from dagre when missing. */
export function drawDefinition(editor, definition, activitiesByType, { layout = false } = {}) {
  editor.clear();
  const needsLayout = layout || definition.activities.some(a => a.x == null || a.y == null);
  const positions = needsLayout ? arrange(definition, activitiesByType) : null;
  const ids = new Map();
  for (const node of definition.activities) {
    const activity = activitiesByType.get(node.type);
    const outputs = Math.max(activity?.outcomes?.length ?? 0, 0);
    const pos = positions ? positions.get(node.id) : { x: node.x, y: node.y };
    const data = { id: node.id, type: node.type, start: !!node.start, settings: node.settings ?? {} };
    const classes = 'wf-node' + (activity?.isEvent ? ' wf-event' : '') + (node.start ? ' wf-is-start' : '') + (activity ? '' : ' wf-unknown');
    const nodeId = editor.addNode(node.type, 1, outputs, pos.x, pos.y, classes, data, nodeHtml(activity, node));
    ids.set(node.id, nodeId);
    labelPorts(editor, nodeId, activity);
  }

  for (const t of definition.transitions) {
    const from = ids.get(t.from);
    const to = ids.get(t.to);
    const activity = activitiesByType.get(definition.activities.find(a => a.id === t.from)?.type);
    const index = activity ? activity.outcomes.indexOf(t.outcome) : -1;
    if (from && to && index >= 0) {
      editor.addConnection(from, to, `output_${index + 1}`, 'input_1');
    }
  }

  return ids;
}

/** Names each output port after its outcome (a tooltip and for screen readers). */
export function labelPorts(editor, nodeId, activity) {
  const element = document.getElementById(`node-${nodeId}`);
  if (!element) {
    return;
  }

  element.setAttribute('data-node', editor.getNodeFromId(nodeId).data.id);
  element.querySelectorAll('.outputs .output').forEach((port, i) => {
    const outcome = activity?.outcomes?.[i] ?? '';
    port.setAttribute('title', outcome);
    port.setAttribute('data-outcome', outcome);
  });
}

/** Left-to-right layered layout (dagre). */
export function arrange(definition, activitiesByType) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 40, marginy: 40 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of definition.activities) {
    graph.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight(activitiesByType.get(node.type)) });
  }

  for (const t of definition.transitions) {
    if (graph.hasNode(t.from) && graph.hasNode(t.to)) {
      graph.setEdge(t.from, t.to);
    }
  }

  dagre.layout(graph);
  const positions = new Map();
  for (const id of graph.nodes()) {
    const n = graph.node(id);
    positions.set(id, { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) });
  }

  return positions;
}

/** Zooms and moves the canvas so every node shows. */
export function fit(editor, container) {
  const nodes = Object.values(editor.export().drawflow.Home.data);
  if (nodes.length === 0) {
    setView(editor, 1, 0, 0);
    return;
  }

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const n of nodes) {
    const element = document.getElementById(`node-${n.id}`);
    const w = element?.offsetWidth || NODE_WIDTH;
    const h = element?.offsetHeight || 80;
    minX = Math.min(minX, n.pos_x); minY = Math.min(minY, n.pos_y);
    maxX = Math.max(maxX, n.pos_x + w); maxY = Math.max(maxY, n.pos_y + h);
  }

  const pad = 40;
  const width = container.clientWidth || 800;
  const height = container.clientHeight || 500;
  const zoom = Math.max(editor.zoom_min, Math.min(1, (width - pad * 2) / (maxX - minX), (height - pad * 2) / (maxY - minY)));
  // Drawflow scales around the canvas' centre; translate so the box's top left lands at the padding.
  const cx = width / 2, cy = height / 2;
  const x = pad - (cx + (minX - cx) * zoom);
  const y = pad - (cy + (minY - cy) * zoom);
  setView(editor, zoom, x, y);
}

function setView(editor, zoom, x, y) {
  editor.zoom = zoom;
  editor.zoom_last_value = zoom;
  editor.canvas_x = x;
  editor.canvas_y = y;
  editor.precanvas.style.transform = `translate(${x}px, ${y}px) scale(${zoom})`;
}
