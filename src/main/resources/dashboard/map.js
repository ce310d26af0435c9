// An equirectangular world map in SVG with Natural Earth land outlines, no tile server. It zooms
// to the couriers it shows; markers are kept per shipment and moved, never redrawn wholesale.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const HEIGHT = 500;

export const project = (lon, lat) => [((lon + 180) / 360) * WIDTH, ((90 - lat) / 180) * HEIGHT];

export class WorldMap {
  constructor(svg, onSelect) {
    this.svg = svg;
    this.onSelect = onSelect;
    this.markers = new Map();
    /** Each marker's projected position, kept here so fitting the view reads no DOM. */
    this.positions = new Map();
    this.arrived = new Set();
    this.radius = '4';
    this.land = el('g');
    this.layer = el('g');
    this.track = el('polyline', { class: 'track' });
    svg.append(this.land, this.track, this.layer);
    this.#graticule();
    fetch('/dashboard/vendor/land.json').then((r) => r.json()).then(({ rings }) => {
      for (const ring of rings) {
        this.land.append(el('polygon', { class: 'land', points: ring.map(([x, y]) => project(x, y).join(',')).join(' ') }));
      }
    });
  }

  #graticule() {
    for (let lon = -180; lon <= 180; lon += 30) {
      const [x] = project(lon, 0);
      this.land.append(el('line', { class: 'grid', x1: x, y1: 0, x2: x, y2: HEIGHT }));
    }
    for (let lat = -60; lat <= 60; lat += 30) {
      const [, y] = project(0, lat);
      this.land.append(el('line', { class: 'grid', x1: 0, y1: y, x2: WIDTH, y2: y }));
    }
  }

  move(shipmentId, lat, lon) {
    let marker = this.markers.get(shipmentId);
    if (!marker) {
      marker = el('circle', { class: this.arrived.has(shipmentId) ? 'courier arriving' : 'courier', r: this.radius,
        'data-shipment': shipmentId });
      marker.addEventListener('click', () => this.onSelect(shipmentId));
      this.layer.append(marker);
      this.markers.set(shipmentId, marker);
    }
    const [x, y] = project(lon, lat);
    this.positions.set(shipmentId, [x, y]);
    marker.setAttribute('cx', x.toFixed(2));
    marker.setAttribute('cy', y.toFixed(2));
  }

  /** Marks a courier inside its destination's geofence. */
  arriving(shipmentId) {
    this.arrived.add(shipmentId);
    this.markers.get(shipmentId)?.classList.add('arriving');
  }

  select(shipmentId, track) {
    for (const [id, marker] of this.markers) marker.classList.toggle('selected', id === shipmentId);
    this.track.setAttribute('points', (track ?? []).map(([lon, lat]) => project(lon, lat).join(',')).join(' '));
  }

  /**
   * Zooms to the markers (with a margin), keeping the map's aspect; the whole world when there are
   * none. The zoom snaps to steps of a fifth of a power of two and the centre to a tenth of the
   * view, so couriers moving a little leave the view, and the land outlines' paint, alone.
   */
  fit() {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const [x, y] of this.positions.values()) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    if (this.positions.size === 0) {
      this.#view(0, 0, WIDTH);
      return;
    }
    let width = Math.max(maxX - minX, 40, (maxY - minY) * 2) * 1.4;
    width = Math.min(WIDTH, 2 ** (Math.ceil(Math.log2(width) * 5) / 5));
    const grid = width / 10;
    const cx = Math.round((maxX + minX) / 2 / grid) * grid;
    const cy = Math.round((maxY + minY) / 2 / grid) * grid;
    this.#view(cx - width / 2, cy - width / 4, width);
  }

  #view(x, y, width) {
    const viewBox = `${x.toFixed(2)} ${y.toFixed(2)} ${width.toFixed(2)} ${(width / 2).toFixed(2)}`;
    if (viewBox === this.viewBox) return;
    this.viewBox = viewBox;
    this.svg.setAttribute('viewBox', viewBox);
    const radius = Math.max(width / 160, 0.05).toFixed(3);
    if (radius !== this.radius) {
      this.radius = radius;
      for (const marker of this.markers.values()) marker.setAttribute('r', radius);
    }
  }
}

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}
