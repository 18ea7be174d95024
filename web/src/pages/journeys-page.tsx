// Journeys: placeholder until the page is written.

/** The Journeys page. */
export default function JourneysPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Journeys</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
