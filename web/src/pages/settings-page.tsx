// Settings: placeholder until the page is written.

/** The Settings page. */
export default function SettingsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Settings</h1>
      </div>
      <p className="empty">Coming soon.</p>
    </div>
  );
}
