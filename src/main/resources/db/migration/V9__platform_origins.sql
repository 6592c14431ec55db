-- The LMS addresses of each registration, for its own browser policy (frame-ancestors, form-action): what the
-- admin entered (or the registrations file named), where a dynamic registration came from, and the origins of
-- validated launches' return URLs (a bounded number per registration). Only an ACTIVE registration's rows count.
CREATE TABLE registration_origin (
    registration_id  BIGINT        NOT NULL REFERENCES platform_registration (id),
    origin           VARCHAR(300)  NOT NULL,
    source           VARCHAR(20)   NOT NULL,
    seen_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_registration_origin PRIMARY KEY (registration_id, origin)
);

-- Pending registrations are counted (a cap) and purged when old.
CREATE INDEX ix_registration_status ON platform_registration (status, created_at);
