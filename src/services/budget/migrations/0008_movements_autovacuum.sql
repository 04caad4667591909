-- Index-only scans (a listing's capped count, a page's keyset walk) skip the table only on pages the
-- visibility map marks all-visible, and autovacuum is what marks them. By default an insert-mostly table
-- is vacuumed after 20 % new rows: at 1,000,000 movements the pages of up to 200,000 of them stay unmarked,
-- and a count reads the table for each (bench/budget/list_pages.sh, a budget type's first page: its capped
-- count 10.0 ms with 16 % of the pages unmarked, 3.3 ms with none). After 1 % (and autovacuum's 1,000 rows)
-- the unmarked tail stays small; an insert-only vacuum is cheap (it sets bits, it removes nothing).
ALTER TABLE movements SET (autovacuum_vacuum_insert_scale_factor = 0.01);
