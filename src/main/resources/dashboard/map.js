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
      marker = el('circle', { class: 'courier', r: 4, 'data-shipment': shipmentId });
      marker.addEventListener('click', () => this.onSelect(shipmentId));
      this.layer.append(marker);
      this.markers.set(shipmentId, marker);
    }
    const [x, y] = project(lon, lat);
    marker.setAttribute('cx', x.toFixed(2));
    marker.setAttribute('cy', y.toFixed(2));
  }

  select(shipmentId, track) {
    for (const [id, marker] of this.markers) marker.classList.toggle('selected', id === shipmentId);
    this.track.setAttribute('points', (track ?? []).map(([lon, lat]) => project(lon, lat).join(',')).join(' '));
  }

  /** Zooms to the markers (with a margin), keeping the map's aspect; the whole world when there are none. */
  fit() {
    const points = [...this.markers.values()].map((m) => [+m.getAttribute('cx'), +m.getAttribute('cy')]);
    if (points.length === 0) {
      this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
      return;
    }
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    let width = Math.max(Math.max(...xs) - Math.min(...xs), 40) * 1.4;
    let height = Math.max(Math.max(...ys) - Math.min(...ys), 10) * 1.4;
    if (width / height > 2) height = width / 2; else width = height * 2;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    this.svg.setAttribute('viewBox', `${cx - width / 2} ${cy - height / 2} ${width} ${height}`);
    const radius = Math.max(width / 250, 0.05);
    for (const marker of this.markers.values()) marker.setAttribute('r', radius.toFixed(3));
  }
}

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}
