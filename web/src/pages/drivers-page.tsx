// Key drivers: placeholder until the page is written.

/** The Key drivers page. */
export default function DriversPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Key drivers</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
