"""What people do around the pipeline: pull-request checks, scaffolding, ballots import and forms, codes, CI formats."""
