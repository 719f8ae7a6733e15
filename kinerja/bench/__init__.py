"""`kinerja bench`: speed figures measured as ratios within one run (`ratios`)."""
