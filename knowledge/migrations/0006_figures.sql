-- A fact may state a figure: a number and its unit (3.223, 'USD bn'), so
-- a series can be charted from data rather than from its sentences. Like
-- every field of a fact it is versioned. value is NULL exactly when unit
-- is empty: the fact states no figure, which is what every version stored
-- before this migration says.
ALTER TABLE fact_versions ADD COLUMN value REAL;
ALTER TABLE fact_versions ADD COLUMN unit TEXT NOT NULL DEFAULT '';
