/**
 * Export and account deletion (API.md "Me, profile, privacy") are not served by the API yet: no
 * `GET /api/me/export` or `DELETE /api/me` in the route table. Until they are, this says so plainly instead of
 * offering buttons that cannot work.
 */
export function YourData() {
  return (
    <section className="card settings-section" aria-labelledby="data-title">
      <h2 id="data-title">Your data and your account</h2>
      <ul className="placeholder-list">
        <li className="placeholder">
          <span className="placeholder__badge">Coming soon</span>
          <h3>Export my data</h3>
          <p className="muted">
            Download everything stored about you (account, profile, photos, matches, messages) as a JSON file.
            Not available yet.
          </p>
        </li>
        <li className="placeholder">
          <span className="placeholder__badge">Coming soon</span>
          <h3>Delete my account</h3>
          <p className="muted">
            Erase your account, profile, photos, matches and messages for good. Not available yet; until then,
            you can remove your photos and log out.
          </p>
        </li>
      </ul>
    </section>
  );
}
