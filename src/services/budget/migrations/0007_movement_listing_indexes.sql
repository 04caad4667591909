-- The movement listing's filters combined (docs/api.md "Paged listings"; bench/budget/list_plans.sh):
-- a budget or supplier with a status, and a status, budget or supplier in date order, each found by
-- an index prefix instead of walking one filter's index and dropping the rows the other refuses
-- (before: subtype + status walked (budget_subtype_id, id) and filtered; status in date order sorted
-- every row of the status). With keyset paging (`after`) deep pages then cost what the first does.
-- Built inside the migration's transaction: about 1.5 s per index at 1,000,000 movements, during
-- which writes to movements wait (docs/deploy.md, upgrades).
CREATE INDEX movements_subtype_status_id ON movements (budget_subtype_id, status, id);
CREATE INDEX movements_type_status_id ON movements (budget_type_id, status, id);
CREATE INDEX movements_supplier_status_id ON movements (supplier_id, status, id);
CREATE INDEX movements_status_date_id ON movements (status, date_of_emission, id);
CREATE INDEX movements_type_date_id ON movements (budget_type_id, date_of_emission, id);
CREATE INDEX movements_subtype_date_id ON movements (budget_subtype_id, date_of_emission, id);
CREATE INDEX movements_supplier_date_id ON movements (supplier_id, date_of_emission, id);
