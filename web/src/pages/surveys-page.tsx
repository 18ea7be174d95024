// Surveys: placeholder until the page is written.

/** The Surveys page. */
export default function SurveysPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Surveys</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
