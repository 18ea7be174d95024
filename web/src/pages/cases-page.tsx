// Cases: placeholder until the page is written.

/** The Cases page. */
export default function CasesPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Cases</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
