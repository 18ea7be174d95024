// Comments: placeholder until the page is written.

/** The Comments page. */
export default function TextPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Comments</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
