"""The patient page's trends: charts and a table of each finalised assessment's figures."""
