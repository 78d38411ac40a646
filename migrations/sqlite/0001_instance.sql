-- One row describing this Puente instance; /readyz reads it to prove the schema is in place.
CREATE TABLE instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at BIGINT NOT NULL CHECK (created_at > 0)
);
INSERT INTO instance (id, created_at) VALUES (1, CAST(strftime('%s', 'now') AS INTEGER));
