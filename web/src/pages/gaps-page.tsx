// Gaps: placeholder until the page is written.

/** The Gaps page. */
export default function GapsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Gaps</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
