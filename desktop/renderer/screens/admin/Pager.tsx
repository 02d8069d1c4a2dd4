/** Previous / next for a paged list. */
export function Pager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage(page: number): void }) {
  return (
    <div className="admin-pager">
      <span className="muted">
        {total} in all · page {Math.min(page, Math.max(pages, 1))} of {Math.max(pages, 1)}
      </span>
      <button className="link" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <button className="link" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </div>
  );
}
