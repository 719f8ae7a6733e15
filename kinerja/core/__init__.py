"""Settings (`config`) and the errors a user can meet (`errors`). Imports nothing of the project."""
