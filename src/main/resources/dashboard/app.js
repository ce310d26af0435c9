// The merchant dashboard: sign in with an API key, then a live table of orders and shipments,
// their couriers on a map, and an order's timeline and track on demand, all fed by the
// tenant's SSE feed. Renders at most four times a second, so 1,000 moving couriers stay smooth.
import { Api } from './api.js';
import { Feed } from './feed.js';
import { WorldMap } from './map.js';

const KEY = 'meridian.apiKey';
const STATUSES = ['PLACED', 'CONFIRMED', 'REJECTED', 'PREPARING', 'CANCELLED', 'OUT_FOR_DELIVERY', 'DELIVERED',
  'DELIVERY_FAILED', 'RETURNED', 'IN_TRANSIT', 'ARRIVING'];
const $ = (id) => document.getElementById(id);

/** One row per order, or per shipment that has no order; keyed by order id or shipment id. */
const rows = new Map();
const rowOfShipment = new Map();
/** The newest position of each courier that moved since the last render. */
const moves = new Map();
/** Table rows by row key, reused between renders so a redraw changes text, not elements. */
const rowElements = new Map();
let filter = null;
let selected = null;
let dirty = false;
let api = null;
let feed = null;
let map = null;

function rowFor(shipmentId) {
  const key = rowOfShipment.get(shipmentId) ?? shipmentId;
  if (!rows.has(key)) {
    rows.set(key, { orderId: null, shipmentId, status: 'IN_TRANSIT', updatedAt: null, eta: null, arriving: false });
    rowOfShipment.set(shipmentId, key);
  }
  return rows.get(key);
}

function upsertOrder({ id, orderId, status, shipmentId, updatedAt, at }) {
  const key = id ?? orderId;
  const row = rows.get(key) ?? { orderId: key, shipmentId: null, eta: null, arriving: false };
  Object.assign(row, { status, updatedAt: updatedAt ?? at ?? row.updatedAt });
  if (shipmentId) {
    const standalone = rows.get(shipmentId);
    if (standalone && standalone !== row) {
      row.eta = standalone.eta;
      row.arriving = standalone.arriving;
      rows.delete(shipmentId);
    }
    row.shipmentId = shipmentId;
    rowOfShipment.set(shipmentId, key);
  }
  rows.set(key, row);
}

function onEvent(type, data) {
  if (type === 'snapshot') {
    $('tenant').textContent = `tenant ${data.tenantId}`;
    (data.orders ?? []).forEach(upsertOrder);
  } else if (type === 'status') {
    upsertOrder(data);
  } else if (type === 'location') {
    const row = rowFor(data.shipmentId);
    row.updatedAt = data.position.receivedAt ?? data.position.recordedAt;
    if (data.position.eta !== undefined) row.eta = data.position.eta;
    // Markers move with the next render: a courier that reported twice in between moves once.
    moves.set(data.shipmentId, data.position);
  } else if (type === 'checkpoint') {
    const row = rowFor(data.shipmentId);
    row.updatedAt = data.checkpoint?.at ?? row.updatedAt;
  } else if (type === 'arriving') {
    // An order's arrival carries its new version (status unchanged); a standalone shipment's only the shipment.
    const row = data.orderId ? (upsertOrder(data), rows.get(data.orderId)) : rowFor(data.shipmentId);
    row.arriving = true;
    if (!data.orderId) row.status = 'ARRIVING';
    map.arriving(data.shipmentId);
  }
  dirty = true;
}

function onState(state, reconnects) {
  const badge = $('connection');
  badge.className = `connection ${state}`;
  badge.textContent = state === 'live' ? (reconnects ? `live (reconnected ${reconnects}×)` : 'live')
    : state === 'reconnecting' ? `reconnecting… (${reconnects})` : 'offline';
  badge.dataset.reconnects = reconnects;
}

function render() {
  if (!dirty) return;
  dirty = false;
  for (const [shipmentId, position] of moves) map.move(shipmentId, position.lat, position.lon);
  moves.clear();
  const visible = [...rows.values()]
    .filter((r) => !filter || r.status === filter)
    .sort((a, b) => (a.updatedAt === b.updatedAt ? 0 : String(a.updatedAt) < String(b.updatedAt) ? 1 : -1));
  // The newest 200: enough to follow, few enough to lay out four times a second; filters find the rest.
  const shown = visible.slice(0, 200).map(rowElement);
  const body = $('rows');
  if (shown.length !== body.children.length || shown.some((tr, i) => body.children[i] !== tr)) {
    body.replaceChildren(...shown);
  }
  if (rowElements.size > 2000) {
    const keep = new Set(shown);
    for (const [key, tr] of rowElements) if (!keep.has(tr)) rowElements.delete(key);
  }
  $('counts').textContent = `${visible.length} of ${rows.size} shown · ${map.markers.size} couriers on the map`;
  map.fit();
}

/** The row's table row, made once and then only updated where its text changed. */
function rowElement(r) {
  const key = r.orderId ?? r.shipmentId;
  let tr = rowElements.get(key);
  if (!tr) {
    tr = document.createElement('tr');
    for (const cls of ['', 'status', '', '', 'eta']) {
      const td = document.createElement('td');
      if (cls) td.className = cls;
      tr.append(td);
    }
    tr.addEventListener('click', () => showDetail(rows.get(key) ?? r));
    rowElements.set(key, tr);
  }
  const texts = [short(r.orderId), r.status, short(r.shipmentId),
    r.updatedAt ? new Date(r.updatedAt).toLocaleTimeString() : '—', eta(r)];
  texts.forEach((text, i) => {
    if (tr.children[i].textContent !== text) tr.children[i].textContent = text;
  });
  tr.dataset.order = r.orderId ?? '';
  tr.dataset.shipment = r.shipmentId ?? '';
  tr.title = [r.orderId, r.shipmentId].filter(Boolean).join(' · ');
  const selectedClass = selected && (selected === r.orderId || selected === r.shipmentId) ? 'selected' : '';
  if (tr.className !== selectedClass) tr.className = selectedClass;
  return tr;
}

/** ord_01m82jgv0nv1rpnerdkw83bfmc → ord_…83bfmc: the tail differs between ids made close together. */
function short(id) {
  return id ? `${id.slice(0, 4)}…${id.slice(-6)}` : '—';
}

/** "arriving", "12 min · 34 km", or "34 km" while the courier stands still; "—" with no destination. */
const ENDED = ['DELIVERED', 'DELIVERY_FAILED', 'RETURNED', 'CANCELLED', 'REJECTED'];

function eta(row) {
  if (ENDED.includes(row.status)) return '—';
  if (row.arriving) return 'arriving';
  const value = row.eta;
  if (!value) return '—';
  const km = value.remainingMeters >= 10000 ? `${Math.round(value.remainingMeters / 1000)} km`
    : `${(value.remainingMeters / 1000).toFixed(1)} km`;
  if (!value.arrivesAt) return km;
  const minutes = Math.round((new Date(value.arrivesAt) - Date.now()) / 60000);
  return `${minutes <= 0 ? 'now' : minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} · ${km}`;
}

function renderFilters() {
  const buttons = [null, ...STATUSES].map((status) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = status ?? 'all';
    button.className = status === filter ? 'on' : '';
    button.addEventListener('click', () => {
      filter = status;
      renderFilters();
      // A click is answered now, not at the next 250 ms tick.
      dirty = true;
      render();
    });
    return button;
  });
  $('filters').replaceChildren(...buttons);
}

async function showDetail(row) {
  selected = row.orderId ?? row.shipmentId;
  dirty = true;
  const detail = $('detail');
  detail.hidden = false;
  detail.replaceChildren(text('h3', row.orderId ? `Order ${row.orderId}` : `Shipment ${row.shipmentId}`));
  if (row.orderId) {
    const order = await api.get(`/v1/orders/${row.orderId}`);
    const list = document.createElement('ol');
    list.className = 'timeline';
    for (const step of order.history) {
      const what = step.cause === 'arriving' ? 'courier arriving' : `${step.status} (${step.cause})`;
      list.append(text('li', `${new Date(step.at).toLocaleTimeString()} ${what}`));
    }
    detail.append(text('p', `${order.customer.name} · ${order.items.map((i) => `${i.quantity}× ${i.sku}`).join(', ')}`),
      list);
  }
  if (row.shipmentId) {
    const track = await api.get(`/v1/shipments/${row.shipmentId}/track`);
    // RFC 7946: a LineString from two positions, a Point for one, no geometry for none.
    const geometry = track.geometry;
    const points = !geometry ? [] : geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
    detail.append(text('p', `${points.length} positions on the track`));
    map.select(row.shipmentId, points);
  }
  if (row.orderId || row.shipmentId) detail.append(trackingLinkButton(row));
}

/** "Copy tracking link": makes a customer's link to the order (or shipment) and puts it on the clipboard. */
function trackingLinkButton(row) {
  const box = document.createElement('p');
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'copy-tracking-link';
  button.textContent = 'Copy tracking link';
  const shown = document.createElement('a');
  shown.className = 'tracking-link';
  shown.target = '_blank';
  shown.rel = 'noopener';
  button.addEventListener('click', async () => {
    try {
      const path = row.orderId ? `/v1/orders/${row.orderId}/tracking-links` : `/v1/shipments/${row.shipmentId}/tracking-links`;
      const link = await api.post(path);
      shown.href = new URL(link.url, location.origin).href;
      shown.textContent = shown.href;
      await navigator.clipboard?.writeText(shown.href).catch(() => {});
      button.textContent = 'Copied';
    } catch (e) {
      shown.removeAttribute('href');
      shown.textContent = e.message;
    }
  });
  box.append(button, ' ', shown);
  return box;
}

function text(tag, content) {
  const node = document.createElement(tag);
  node.textContent = content;
  return node;
}

async function start(key) {
  api = new Api(key);
  const page = await api.get('/v1/orders?limit=100');
  $('sign-in').hidden = true;
  $('board').hidden = false;
  $('sign-out').hidden = false;
  page.items.forEach(upsertOrder);
  map = map ?? new WorldMap($('map'), (shipmentId) => showDetail(rowFor(shipmentId)));
  renderFilters();
  dirty = true;
  feed = new Feed(api, onEvent, onState);
  await feed.open();
  // Where each listed order's courier is now; later moves arrive on the feed.
  const shipments = page.items.map((o) => o.shipmentId).filter(Boolean);
  for (let i = 0; i < shipments.length; i += 8) {
    await Promise.all(shipments.slice(i, i + 8).map((id) => api.get(`/v1/shipments/${id}`).then((s) => {
      if (s.position && !map.markers.has(id)) map.move(id, s.position.lat, s.position.lon);
      const row = rowFor(id);
      if (s.position?.eta && !row.eta) row.eta = s.position.eta;
      if (s.arrivingAt) {
        row.arriving = true;
        map.arriving(id);
      }
    }).catch(() => {})));
  }
  dirty = true;
}

$('sign-in').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = $('api-key').value.trim();
  try {
    await start(key);
    sessionStorage.setItem(KEY, key);
    $('sign-in-error').textContent = '';
  } catch (error) {
    $('sign-in-error').textContent = error.status === 401 ? 'That key was not accepted.' : error.message;
  }
});

$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  feed?.close();
  location.reload();
});

setInterval(render, 250);
if (sessionStorage.getItem(KEY)) {
  start(sessionStorage.getItem(KEY)).catch(() => sessionStorage.removeItem(KEY));
}
