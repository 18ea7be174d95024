// New feedback as it arrives: the server-sent-events stream of the organisation, newest first.
import { useEffect, useState } from 'react';
import { FEEDBACK_STREAM_PATH } from '../api.js';
import type { FeedbackItem, Touchpoint } from '../types.js';

/** How many arrivals the card keeps on screen. */
const KEEP = 12;

type Connection = 'connecting' | 'live' | 'reconnecting';

interface Props {
  touchpoints: Touchpoint[];
}

/** The live feed card of the overview. */
export function LiveFeed({ touchpoints }: Props) {
  const [items, setItems] = useState<FeedbackItem[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');

  useEffect(() => {
    // The browser reconnects by itself (the server asks for 3 s) and the session cookie goes along.
    const source = new EventSource(FEEDBACK_STREAM_PATH);
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection('reconnecting');
    source.addEventListener('feedback', (event) => {
      let item: FeedbackItem;
      try {
        item = JSON.parse((event as MessageEvent<string>).data) as FeedbackItem;
      } catch {
        return;
      }
      setItems((current) =>
        current.some((x) => x.id === item.id) ? current : [item, ...current].slice(0, KEEP),
      );
    });
    return () => source.close();
  }, []);

  const names = new Map(touchpoints.map((t) => [t.id, t.name]));
  return (
    <section className="card live-card" aria-labelledby="live-title" data-testid="live-feed">
      <div className="card-head">
        <div>
          <h2 className="card-title" id="live-title">
            Live feedback
          </h2>
          <p className="card-subtitle">New responses, reviews and tickets as they arrive</p>
        </div>
        <span className={`live-status live-status-${connection}`} data-testid="live-status">
          <span className="live-dot" aria-hidden="true" />
          {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      {/* role=log: screen readers announce each new entry politely, without rereading the rest. */}
      <ol className="live-list" role="log" aria-label="New feedback, newest first">
        {items.map((item) => (
          <li key={item.id} className="live-item" data-testid="live-item">
            <span className="live-score">{measureLabel(item)}</span>
            <span className="live-body">
              <span className="live-meta">
                <time dateTime={item.occurredAt}>{timeLabel(item.occurredAt)}</time>
                {' · '}
                {sourceLabel(item)}
                {item.touchpointId && names.has(item.touchpointId)
                  ? ` · ${names.get(item.touchpointId)}`
                  : ''}
              </span>
              {item.text ? <span className="live-text">{item.text}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      {items.length === 0 ? (
        <p className="live-empty">Nothing new yet. New feedback appears here within a second.</p>
      ) : null}
    </section>
  );
}

/** The record's score in words: "NPS 9", "CSAT 4", "CES 6", "Rating 80%". */
export function measureLabel(item: FeedbackItem): string {
  const m = item.measures;
  if (m.nps !== null) return `NPS ${m.nps}`;
  if (m.csat !== null) return `CSAT ${m.csat}`;
  if (m.ces !== null) return `CES ${m.ces}`;
  if (m.rating !== null) return `Rating ${Math.round(m.rating * 100)}%`;
  return 'Comment';
}

function sourceLabel(item: FeedbackItem): string {
  const source =
    item.source === 'survey' ? 'Survey' : item.source.charAt(0).toUpperCase() + item.source.slice(1);
  return `${source} (${item.channel})`;
}

function timeLabel(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
