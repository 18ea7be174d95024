// Value: placeholder until the page is written.

/** The Value page. */
export default function ValuePage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Value</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
