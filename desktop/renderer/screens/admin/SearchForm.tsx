import { useState, type FormEvent } from 'react';
import { Icon } from '../../components/Icon.js';

/** The query and page of a searchable, paged admin list; a new search starts at page 1. */
export function usePagedSearch() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  return {
    q,
    page,
    setPage,
    search: (query: string) => {
      setQ(query.trim());
      setPage(1);
    },
  };
}

/** A search box with its button. */
export function SearchForm({ label, placeholder, onSearch }: { label: string; placeholder: string; onSearch(query: string): void }) {
  const [input, setInput] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(input);
  };
  return (
    <form onSubmit={submit} className="row">
      <input type="search" aria-label={label} placeholder={placeholder} value={input} onChange={(e) => setInput(e.target.value)} />
      <button className="primary">
        <Icon name="search" size={16} /> Search
      </button>
    </form>
  );
}
