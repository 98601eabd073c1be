"""Engine factory, unit of work, repositories and the Alembic migrations shipped with the package."""
