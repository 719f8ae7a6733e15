"""Synthetic landing files in the contract formats, with the defects real exports have and a
manifest of each one (`generator` orchestrates; `organisasi` builds the city; `defects` names each
defect; `writers` writes one source each)."""
