-- Activities an instructor added to a course by deep linking (Deep Linking 2.0), with the settings chosen in the
-- picker. The id travels to the platform as the content item's custom parameter "activity" and comes back on every
-- launch of the link, where it binds the settings (the grade policy) to the platform's resource link.

CREATE TABLE activity (
    id                 VARCHAR(64)   PRIMARY KEY,
    registration_id    BIGINT        NOT NULL REFERENCES platform_registration (id),
    deployment_row_id  BIGINT        NOT NULL REFERENCES deployment (id),
    -- The deep-linking launch that created it: a launch answers once, so a re-posted form adds nothing.
    launch_id          VARCHAR(64)   NOT NULL,
    title              VARCHAR(255)  NOT NULL,
    points             DOUBLE PRECISION NOT NULL,
    policy             VARCHAR(10)   NOT NULL,
    presentation       VARCHAR(10),
    created_by         VARCHAR(255),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_activity_launch UNIQUE (launch_id)
);
CREATE INDEX ix_activity_registration ON activity (registration_id);
