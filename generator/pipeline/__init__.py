"""Load → validate → aggregate → export: scorecards in, results out (no site, no git)."""
