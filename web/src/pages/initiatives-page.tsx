// Initiatives: placeholder until the page is written.

/** The Initiatives page. */
export default function InitiativesPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Initiatives</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
