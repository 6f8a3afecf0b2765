-- Moderators' writes look up the next position and a source by its URL;
-- without these indexes both scanned whole tables.
CREATE INDEX facts_position ON facts(position);
CREATE INDEX sources_url ON sources(url);
