// The customer's tracking page, made live: the server rendered everything a reader needs; this
// keeps it current over SSE (EventSource resumes with Last-Event-ID by itself), draws the
// courier's map while it is out for delivery, and shows times in the reader's own clock.
// The words come from the page (#words), so the server and this script say the same thing.
const words = JSON.parse(document.getElementById('words').textContent);
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const state = { shipment: null, orderStatus: document.body.dataset.orderStatus || null, trail: [] };

const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const stamp = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

function localiseTimes() {
  for (const time of document.querySelectorAll('#timeline time[datetime]')) time.textContent = stamp(time.getAttribute('datetime'));
}

function statusWords() {
  const shipmentStatus = state.shipment?.status;
  if (state.orderStatus) {
    return state.orderStatus === 'OUT_FOR_DELIVERY' && shipmentStatus === 'ARRIVING'
      ? words.shipment.ARRIVING : (words.order[state.orderStatus] ?? state.orderStatus);
  }
  return words.shipment[shipmentStatus] ?? shipmentStatus;
}

function showsMap() {
  const position = state.shipment?.position;
  const fresh = position && !position.stale;
  const underway = state.orderStatus ? state.orderStatus === 'OUT_FOR_DELIVERY'
    : ['IN_TRANSIT', 'ARRIVING'].includes(state.shipment?.status);
  return Boolean(underway && fresh);
}

function render() {
  if (!state.shipment) return;
  $('status').textContent = statusWords();
  const eta = state.shipment.position?.eta;
  if (eta?.arrivesAt && !state.shipment.position.stale) {
    $('eta').textContent = `Arrives around ${clock(eta.arrivesAt)}`
      + (eta.previousArrivesAt ? ` (was ${clock(eta.previousArrivesAt)})` : '');
    $('eta').hidden = false;
  } else {
    $('eta').hidden = true;
  }
  $('map-section').hidden = !showsMap();
  if (showsMap()) drawMap();
}

/** A local map of the courier, its recent trail and the destination, fitted to them; no tiles. */
function drawMap() {
  const { position, destination } = state.shipment;
  const points = [...state.trail.map((p) => [p.lat, p.lon]), ...(destination ? [[destination.lat, destination.lon]] : [])];
  const lat0 = points.reduce((s, p) => s + p[0], 0) / points.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = points.map((p) => p[1] * k);
  const ys = points.map((p) => -p[0]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 0.002) * 1.3;
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const scale = Math.min(400, 260) / span;
  const at = (lat, lon) => [200 + (lon * k - cx) * scale, 130 + (-lat - cy) * scale];
  const svg = $('map');
  svg.replaceChildren();
  const trail = document.createElementNS(SVG, 'polyline');
  trail.setAttribute('class', 'trail');
  trail.setAttribute('points', state.trail.map((p) => at(p.lat, p.lon).join(',')).join(' '));
  svg.append(trail);
  if (destination) svg.append(dot('destination', ...at(destination.lat, destination.lon), 7));
  const courier = dot('courier', ...at(position.lat, position.lon), 8);
  courier.id = 'courier';
  courier.dataset.lat = position.lat;
  courier.dataset.lon = position.lon;
  svg.append(courier);
  const meters = position.eta?.remainingMeters;
  $('distance').textContent = meters == null ? '' : meters >= 1000 ? `${(meters / 1000).toFixed(1)} km away` : `${Math.round(meters)} m away`;
}

function dot(kind, x, y, r) {
  const c = document.createElementNS(SVG, 'circle');
  c.setAttribute('class', kind);
  c.setAttribute('cx', x.toFixed(1));
  c.setAttribute('cy', y.toFixed(1));
  c.setAttribute('r', r);
  return c;
}

function moveTo(position) {
  if (!state.shipment) return;
  state.shipment.position = position;
  state.trail.push({ lat: position.lat, lon: position.lon });
  if (state.trail.length > 200) state.trail.shift();
  render();
}

function addScan(scan) {
  $('no-scans')?.remove();
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.setAttribute('datetime', scan.at);
  time.textContent = stamp(scan.at);
  li.append(time, ` ${words.scan[scan.type] ?? scan.type} ${scan.facility}`);
  $('timeline').prepend(li);
}

function listen(url, handlers) {
  const source = new EventSource(url);
  for (const [type, handle] of Object.entries(handlers)) {
    source.addEventListener(type, (e) => handle(JSON.parse(e.data)));
  }
  source.addEventListener('open', () => document.body.classList.add('live'));
  return source;
}

localiseTimes();
listen(document.body.dataset.events, {
  snapshot: (shipment) => {
    state.shipment = shipment;
    state.trail = shipment.position ? [{ lat: shipment.position.lat, lon: shipment.position.lon }] : [];
    render();
  },
  location: (event) => moveTo(event.position),
  checkpoint: (event) => addScan(event.checkpoint),
  arriving: () => {
    if (state.shipment) state.shipment.status = 'ARRIVING';
    render();
  },
  'eta-revised': (revision) => {
    const eta = state.shipment?.position?.eta;
    if (eta) Object.assign(eta, { arrivesAt: revision.arrivesAt, previousArrivesAt: revision.previousArrivesAt });
    render();
  },
});
if (document.body.dataset.orderEvents) {
  listen(document.body.dataset.orderEvents, {
    snapshot: (order) => { state.orderStatus = order.status; render(); },
    status: (event) => { state.orderStatus = event.status; render(); },
    // An order's arrival comes on the order's stream (its shipment's carries a standalone one's).
    arriving: () => {
      if (state.shipment) state.shipment.status = 'ARRIVING';
      render();
    },
  });
}
