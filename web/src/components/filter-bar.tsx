// The global filters above every analysis page: period (presets or two dates), journey, touchpoint,
// survey and channel. They live in the address (see use-filters.ts), so a view can be shared.
import { useId } from 'react';
import { activeFilterCount, describePeriod, NO_FILTERS } from '../filters.js';
import { RANGES } from '../range.js';
import { useCatalogue } from '../use-catalogue.js';
import { useFilters } from '../use-filters.js';

/** The filter bar. */
export function FilterBar() {
  const [filters, setFilters] = useFilters();
  const { journeys, touchpoints, surveys, channels } = useCatalogue();
  const id = useId();
  const touchpointOptions = touchpoints.filter((tp) => !filters.journey || tp.journeyId === filters.journey);
  const today = new Date().toISOString().slice(0, 10);

  const named = <T extends { id: string; name: string }>(list: T[], id: string | null) =>
    id ? (list.find((x) => x.id === id)?.name ?? id) : null;
  const printed = [
    `Period: ${describePeriod(filters)}`,
    filters.journey ? `journey: ${named(journeys, filters.journey)}` : '',
    filters.touchpoint ? `touchpoint: ${named(touchpoints, filters.touchpoint)}` : '',
    filters.survey ? `survey: ${named(surveys, filters.survey)}` : '',
    filters.channel ? `channel: ${filters.channel}` : '',
  ].filter(Boolean);

  return (
    <>
      {/* On paper the controls give way to the filters as text (see print.css). */}
      <p className="print-filters" data-testid="print-filters">
        {printed.join(' · ')}
      </p>
      <section className="filter-bar" aria-label="Filters" data-testid="filter-bar">
        <div className="filter-field">
          <label htmlFor={`${id}-range`}>Period</label>
          <select
            id={`${id}-range`}
            data-testid="filter-range"
            value={filters.range}
            onChange={(event) => {
              const value = event.target.value as typeof filters.range;
              if (value === 'custom')
                setFilters({ range: 'custom', from: filters.from ?? monthsAgo(3), to: today });
              else setFilters({ range: value, from: null, to: null });
            }}
          >
            {RANGES.map((r) => (
              <option key={r.key} value={r.key}>
                {r.description}
              </option>
            ))}
            <option value="custom">Custom dates…</option>
          </select>
        </div>
        {filters.range === 'custom' ? (
          <>
            <div className="filter-field filter-date">
              <label htmlFor={`${id}-from`}>From</label>
              <input
                id={`${id}-from`}
                type="date"
                value={filters.from ?? ''}
                max={filters.to ?? today}
                onChange={(event) => setFilters({ range: 'custom', from: event.target.value || null })}
              />
            </div>
            <div className="filter-field filter-date">
              <label htmlFor={`${id}-to`}>To</label>
              <input
                id={`${id}-to`}
                type="date"
                value={filters.to ?? ''}
                min={filters.from ?? undefined}
                onChange={(event) => setFilters({ range: 'custom', to: event.target.value || null })}
              />
            </div>
          </>
        ) : null}
        <div className="filter-field">
          <label htmlFor={`${id}-journey`}>Journey</label>
          <select
            id={`${id}-journey`}
            value={filters.journey ?? ''}
            onChange={(event) => setFilters({ journey: event.target.value || null })}
          >
            <option value="">All journeys</option>
            {journeys.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor={`${id}-touchpoint`}>Touchpoint</label>
          <select
            id={`${id}-touchpoint`}
            value={filters.touchpoint ?? ''}
            onChange={(event) => setFilters({ touchpoint: event.target.value || null })}
          >
            <option value="">All touchpoints</option>
            {touchpointOptions.map((tp) => (
              <option key={tp.id} value={tp.id}>
                {tp.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor={`${id}-survey`}>Survey</label>
          <select
            id={`${id}-survey`}
            value={filters.survey ?? ''}
            onChange={(event) => setFilters({ survey: event.target.value || null })}
          >
            <option value="">All surveys</option>
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <select
            id={`${id}-channel`}
            value={filters.channel ?? ''}
            onChange={(event) => setFilters({ channel: event.target.value || null })}
          >
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {activeFilterCount(filters) > 0 || filters.range === 'custom' ? (
          <button
            type="button"
            className="button button-ghost button-small filter-clear"
            onClick={() => setFilters({ ...NO_FILTERS })}
          >
            Clear filters
          </button>
        ) : null}
      </section>
    </>
  );
}

function monthsAgo(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()))
    .toISOString()
    .slice(0, 10);
}
