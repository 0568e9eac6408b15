-- The licenses triggers that keep license_units_daily and license_units_monthly write their rows in
-- key order (customer, product, unit type), as the company counters' triggers do (0022): two
-- transactions that change licenses of the same customers (two daily runs' chunks, a chunk and a
-- bulk change) then wait for each other on the first row they share instead of each holding a row
-- the other needs next, which PostgreSQL resolves by aborting one as a deadlock. The update
-- trigger's totals were written in the order its grouping gave (a hash table's). The insert
-- trigger now runs without JIT as the update trigger does since 0020: a statement inserting many
-- licenses is estimated over the JIT threshold and would compile its sums at every firing.
CREATE OR REPLACE FUNCTION "record_license_units"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	SET jit = off
	AS $$
BEGIN
	WITH moved AS (
		SELECT n.id
		FROM new_rows n
		JOIN old_rows o ON o.id = n.id
		WHERE (o.company_id, o.channel_id, o.partner_id, o.product_id, o.unit_type,
				CASE WHEN o.version_type = 'full' AND o.status IN ('active', 'grace') THEN o.units ELSE 0 END)
			IS DISTINCT FROM (n.company_id, n.channel_id, n.partner_id, n.product_id, n.unit_type,
				CASE WHEN n.version_type = 'full' AND n.status IN ('active', 'grace') THEN n.units ELSE 0 END)
	), changes AS (
		SELECT n.company_id, n.channel_id, n.partner_id, n.product_id, n.unit_type,
			-CASE WHEN n.version_type = 'full' AND n.status IN ('active', 'grace') THEN n.units ELSE 0 END AS undo
		FROM new_rows n
		WHERE n.id IN (SELECT id FROM moved)
		UNION ALL
		SELECT o.company_id, o.channel_id, o.partner_id, o.product_id, o.unit_type,
			CASE WHEN o.version_type = 'full' AND o.status IN ('active', 'grace') THEN o.units ELSE 0 END
		FROM old_rows o
		WHERE o.id IN (SELECT id FROM moved)
	), touched AS (
		SELECT company_id, min(channel_id::text)::uuid AS channel_id, min(partner_id::text)::uuid AS partner_id,
			product_id, unit_type, sum(undo) AS undo
		FROM changes GROUP BY company_id, product_id, unit_type
	), totals AS MATERIALIZED (
		SELECT t.company_id, t.channel_id, t.partner_id, t.product_id, t.unit_type, t.undo,
			coalesce((SELECT sum(l.units) FROM licenses l
				WHERE l.company_id = t.company_id AND l.product_id = t.product_id AND l.unit_type = t.unit_type
					AND l.version_type = 'full' AND l.status IN ('active', 'grace')), 0) AS after
		FROM touched t
	), written AS (
		INSERT INTO license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
		SELECT company_id, channel_id, partner_id, product_id, unit_type, (now() AT TIME ZONE 'UTC')::date,
			greatest(after, after + undo)
		FROM totals
		WHERE greatest(after, after + undo) > 0
		ORDER BY company_id, product_id, unit_type
		ON CONFLICT (customer_id, product_id, unit_type, day)
			DO UPDATE SET units = greatest(license_units_daily.units, excluded.units)
		RETURNING customer_id, channel_id, partner_id, product_id, unit_type, day, units
	)
	INSERT INTO license_units_monthly (customer_id, channel_id, partner_id, product_id, unit_type, month, units)
	SELECT customer_id, channel_id, partner_id, product_id, unit_type, date_trunc('month', day)::date, units
	FROM written
	ORDER BY customer_id, product_id, unit_type
	ON CONFLICT (month, customer_id, product_id, unit_type)
		DO UPDATE SET units = greatest(license_units_monthly.units, excluded.units),
			channel_id = excluded.channel_id, partner_id = excluded.partner_id
		WHERE license_units_monthly.units < excluded.units
			OR license_units_monthly.channel_id IS DISTINCT FROM excluded.channel_id
			OR license_units_monthly.partner_id IS DISTINCT FROM excluded.partner_id;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "record_license_units_inserted"() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = public, pg_catalog, pg_temp
	SET jit = off
	AS $$
BEGIN
	WITH written AS (
		INSERT INTO license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
		SELECT t.company_id, t.channel_id, t.partner_id, t.product_id, t.unit_type, (now() AT TIME ZONE 'UTC')::date,
			(SELECT sum(l.units) FROM licenses l
				WHERE l.company_id = t.company_id AND l.product_id = t.product_id AND l.unit_type = t.unit_type
					AND l.version_type = 'full' AND l.status IN ('active', 'grace'))
		FROM (SELECT DISTINCT ON (company_id, product_id, unit_type) company_id, channel_id, partner_id, product_id, unit_type
			FROM new_rows WHERE version_type = 'full' AND status IN ('active', 'grace')
			ORDER BY company_id, product_id, unit_type) t
		ORDER BY t.company_id, t.product_id, t.unit_type
		ON CONFLICT (customer_id, product_id, unit_type, day)
			DO UPDATE SET units = greatest(license_units_daily.units, excluded.units)
		RETURNING customer_id, channel_id, partner_id, product_id, unit_type, day, units
	)
	INSERT INTO license_units_monthly (customer_id, channel_id, partner_id, product_id, unit_type, month, units)
	SELECT customer_id, channel_id, partner_id, product_id, unit_type, date_trunc('month', day)::date, units
	FROM written
	ORDER BY customer_id, product_id, unit_type
	ON CONFLICT (month, customer_id, product_id, unit_type)
		DO UPDATE SET units = greatest(license_units_monthly.units, excluded.units),
			channel_id = excluded.channel_id, partner_id = excluded.partner_id
		WHERE license_units_monthly.units < excluded.units
			OR license_units_monthly.channel_id IS DISTINCT FROM excluded.channel_id
			OR license_units_monthly.partner_id IS DISTINCT FROM excluded.partner_id;
	RETURN NULL;
END
$$;
