-- How each registration came to be (dynamic registration, the admin console, the registrations file) and what
-- the platform granted, for the admin console. Never holds a registration token.
CREATE TABLE registration_source (
    registration_id        BIGINT        PRIMARY KEY REFERENCES platform_registration (id),
    method                 VARCHAR(20)   NOT NULL,
    configuration_url      VARCHAR(2000),
    product_version        VARCHAR(100),
    granted_scope          VARCHAR(2000),
    registration_endpoint  VARCHAR(2000),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
