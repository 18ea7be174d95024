// Responses: placeholder until the page is written.

/** The Responses page. */
export default function ResponsesPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Responses</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
