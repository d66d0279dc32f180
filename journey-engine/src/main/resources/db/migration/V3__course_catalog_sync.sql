-- When each course was last pushed to the inference server's catalog (CatalogService.UpsertCourses): a course whose
-- updated_at is later (or that was never pushed) is pushed by the next sync. Deleting nothing: the journey engine's
-- catalog is the source of truth, the inference server's index is derived from it.
ALTER TABLE course ADD COLUMN catalog_synced_at timestamptz;
CREATE INDEX course_unsynced_idx ON course (tenant_id)
    WHERE catalog_synced_at IS NULL OR catalog_synced_at < updated_at;

-- When the tenant's competencies were last pushed to the inference server (CatalogService.UpsertCompetencies, which
-- the catalog needs to tag courses and RankingService to know the gaps' competencies): pushed again when a
-- competency's updated_at is later.
ALTER TABLE tenant ADD COLUMN catalog_framework_synced_at timestamptz;
