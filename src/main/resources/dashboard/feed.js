// The tenant's live feed over Server-Sent Events. EventSource reconnects by itself and resumes
// with Last-Event-ID; when it gives up (its stream token expired, the node went away) the feed
// asks for a new token and opens a new EventSource that resumes with ?lastEventId=.
const TYPES = ['snapshot', 'reset', 'status', 'location', 'checkpoint', 'arriving'];

export class Feed {
  constructor(api, onEvent, onState) {
    this.api = api;
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastEventId = null;
    this.reconnects = 0;
    this.source = null;
    this.closed = false;
  }

  async open() {
    if (this.closed) return;
    let token;
    try {
      ({ token } = await this.api.post('/v1/stream-tokens', {}));
    } catch (e) {
      this.onState('reconnecting', this.reconnects);
      setTimeout(() => this.open(), 2000);
      return;
    }
    const resume = this.lastEventId ? `&lastEventId=${encodeURIComponent(this.lastEventId)}` : '';
    const source = new EventSource(`/v1/events?token=${encodeURIComponent(token)}${resume}`);
    this.source = source;
    source.onopen = () => this.onState('live', this.reconnects);
    source.onerror = () => {
      this.reconnects++;
      this.onState('reconnecting', this.reconnects);
      if (source.readyState === EventSource.CLOSED && !this.closed) {
        setTimeout(() => this.open(), 1000);
      }
    };
    for (const type of TYPES) {
      source.addEventListener(type, (e) => {
        if (e.lastEventId) this.lastEventId = e.lastEventId;
        this.onEvent(type, JSON.parse(e.data));
      });
    }
  }

  close() {
    this.closed = true;
    this.source?.close();
    this.onState('offline', this.reconnects);
  }
}
