"""Where a differential put the final diagnosis."""
