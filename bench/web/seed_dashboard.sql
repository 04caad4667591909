-- The dashboard benchmark's data: 1,000 budget types with one subtype each (1,000 subtypes), a supplier,
-- and 1,000,000 movements spread over the subtypes, one in four SUCCEEDED (booked). The stored funds
-- counters are then set from the movements, as the service keeps them: the subtypes' allocations vary so
-- that some are past 80 % and some at 100 % (the dashboard's alert list has work to do).
BEGIN;
INSERT INTO budget_types (id, name, description, allocated)
SELECT gen_random_uuid(), 'Type ' || to_char(g, 'FM0000'), 'generated', 0 FROM generate_series(1, 1000) AS g;
INSERT INTO budget_subtypes (id, budget_type_id, name, description, allocated)
SELECT gen_random_uuid(), t.id, 'Sub' || substr(t.name, 5), 'generated', 250 + (row_number() OVER (ORDER BY t.name) % 10) * 50
FROM budget_types t;
INSERT INTO suppliers (id, company_name, responsible_name, nif) VALUES (gen_random_uuid(), 'Bench supplier', 'B', 'BENCH-1');
CREATE TEMP TABLE subs AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, budget_type_id FROM budget_subtypes;
INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, value_without_iva,
    iva_rate, iva_value, total_value, booked_amount, supplier_id, budget_type_id, budget_subtype_id, created_by)
SELECT gen_random_uuid(), 'DEBIT', CASE WHEN g % 4 = 0 THEN 'SUCCEEDED' ELSE (ARRAY['ACCEPTED','PROCESSING','CANCELED'])[1 + g % 3] END,
       'GEN-' || g, DATE '2023-01-01' + (g % 730), 'generated', 1.00, 0.00, 0.00, 1.00,
       CASE WHEN g % 4 = 0 THEN 1.00 ELSE 0 END, (SELECT id FROM suppliers LIMIT 1), NULL, s.id, 'bench'
FROM generate_series(1, 1000000) AS g JOIN subs s ON s.n = g % 1000;
UPDATE budget_subtypes s SET spent = b.spent
FROM (SELECT budget_subtype_id, sum(booked_amount) AS spent FROM movements GROUP BY 1) b WHERE b.budget_subtype_id = s.id;
UPDATE budget_types t SET sub_allocated = x.allocated, spent = x.spent, allocated = x.allocated + 1000
FROM (SELECT budget_type_id, sum(allocated) AS allocated, sum(spent) AS spent FROM budget_subtypes GROUP BY 1) x
WHERE x.budget_type_id = t.id;
COMMIT;
ANALYZE;
