-- What each shipment's customer was told about its arrival (EtaHistory): the first estimate, the
-- time announced now, the one it replaced and when. Written on a first estimate and on each
-- revision only, not on every fix; read back when a tracking consumer meets the shipment again,
-- so a restart neither forgets the original ETA nor announces a revision twice.
ALTER TABLE shipments
  ADD COLUMN eta_original_at timestamptz,
  ADD COLUMN eta_arrives_at timestamptz,
  ADD COLUMN eta_previous_at timestamptz,
  ADD COLUMN eta_revised_at timestamptz;
