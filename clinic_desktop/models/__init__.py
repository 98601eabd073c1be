"""SQLAlchemy ORM classes: one declarative base with a naming convention."""
